export { currencyDigits, formatMoney, majorToMinor, minorToMajor, type Money } from './money'
