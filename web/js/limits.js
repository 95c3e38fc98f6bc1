// Limits the API enforces, mirrored here so a form stops a person before the API says no. They follow
// the server's: a profile's and a device's display name are at most 256 characters.

export const DISPLAY_NAME_MAX = 256;
