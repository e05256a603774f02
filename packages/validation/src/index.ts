export { collapseWhitespace, INVALID_TEXT_MESSAGE, isCleanText, multiLineText, normaliseNewlines, plainText, singleLineText, stripControlCharacters, toSingleLine, type TextOptions } from './text'
export { dateOrDateTime, dateText, dateTimeText, isCalendarDate, MAX_YEAR, MIN_YEAR, type DateOptions } from './dates'
export { localPath } from './local-path'
export { isUuid } from './ids'
