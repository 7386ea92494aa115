/** Names of fields that provider modules read directly (in preSend hooks). */
export const phoneNumberField = { name: 'phoneNumber', displayName: 'Phone Number' } as const;
