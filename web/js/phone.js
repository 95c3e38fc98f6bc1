// Phone numbers: the API's rule for their form, and how they read on a page.
//
// The rule is the server's (ProfileRules.isE164): E.164, a + and 7 to 15 digits, the first not 0,
// once the spaces and hyphens people write in groups are taken out. The page checks it before
// sending, so the person reads the same words whether the browser or the server found it wrong.
//
// For reading, a number is shown as its country calling code, then the rest in groups of three
// digits from the left, the last group taking four when one digit would be left alone:
// +442079460958 → "+44 207 946 0958", +46701234567 → "+46 701 234 567", +14255550100 →
// "+1 425 555 0100". That is not each country's own grouping, which libphonenumber knows from its
// per-country metadata (tens of kilobytes even in its smallest build, for one number on one page,
// and a build step or a vendored bundle this app has neither of); this rule is unambiguous, the
// same in every language, and sets the country code apart, which is what reading needs. The
// calling codes are ITU-T E.164's: one digit for 1 (North America) and 7 (Russia, Kazakhstan), two
// digits for the codes listed below, three for the rest.

const E164 = /^\+[1-9][0-9]{6,14}$/;
const TWO_DIGIT_CODES = new Set([
  20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
  60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
]);

/** A number as typed, without the spaces and hyphens people group digits with. */
export function normalizePhone(raw) {
  return raw.replace(/[\s-]/g, '');
}

/** Whether a number (normalised) has the form the API accepts. */
export function isPhoneNumber(value) {
  return E164.test(value);
}

/** A number in E.164 grouped for reading (see above); anything else as it is. */
export function formatPhone(value) {
  if (typeof value !== 'string' || !isPhoneNumber(value)) {
    return value;
  }
  const digits = value.slice(1);
  const codeLength = digits[0] === '1' || digits[0] === '7' ? 1 : TWO_DIGIT_CODES.has(Number(digits.slice(0, 2))) ? 2 : 3;
  const rest = digits.slice(codeLength);
  const groups = [];
  let at = 0;
  while (rest.length - at > 4) {
    groups.push(rest.slice(at, at + 3));
    at += 3;
  }
  groups.push(rest.slice(at));
  return `+${digits.slice(0, codeLength)} ${groups.join(' ')}`;
}
