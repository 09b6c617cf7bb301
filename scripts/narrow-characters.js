/**
 * Characters that take one terminal column whatever stands next to them, as string-width 7
 * and 8 (both in Ink's tree) count them: ASCII, Latin, general punctuation, arrows, box
 * drawing and braille, without combining marks, soft hyphen, zero-width or bidi controls,
 * and without the text characters that string-width 7 takes for emoji (© ® ‼ ⁉ ↔-↙ ↩ ↪).
 * test/build/narrow-characters.test.ts checks every one against both versions.
 */
export const narrowCharacterClass = String.raw`\u0020-\u007E\u00A0-\u00A8\u00AA-\u00AC\u00AF-\u02FF\u2010-\u2027\u2030-\u203B\u203D-\u2048\u204A-\u205E\u2190-\u2193\u219A-\u21A8\u21AB-\u21FF\u2500-\u257F\u2800-\u28FF`;
