// Browser-safe (exported from `@flectar/sites/schemas`): the wizard proposes a currency from
// the owner's browser language, and the server from the site's language when none is sent.

const EURO_REGIONS = ['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK', 'AD', 'MC', 'SM', 'VA', 'ME', 'XK']

const CURRENCY_OF_REGION: Record<string, string> = {
  ...Object.fromEntries(EURO_REGIONS.map(region => [region, 'EUR'])),
  GB: 'GBP', US: 'USD', CA: 'CAD', AU: 'AUD', NZ: 'NZD', IE: 'EUR', CH: 'CHF', LI: 'CHF', SE: 'SEK', NO: 'NOK', DK: 'DKK',
  IS: 'ISK', PL: 'PLN', CZ: 'CZK', HU: 'HUF', RO: 'RON', BG: 'BGN', TR: 'TRY', JP: 'JPY', CN: 'CNY', KR: 'KRW', IN: 'INR',
  MX: 'MXN', BR: 'BRL', AR: 'ARS', CL: 'CLP', CO: 'COP', PE: 'PEN', ZA: 'ZAR', SG: 'SGD', HK: 'HKD', AE: 'AED', IL: 'ILS', MA: 'MAD',
}

/**
 * The currency a business in `locale`'s region most likely charges in: `en-GB` GBP, `es-ES`
 * and `es` EUR, `en` and `en-US` USD (a bare language is its likeliest region, by
 * `Intl.Locale#maximize`). EUR when the region is unknown.
 */
export function currencyForLocale(locale: string | undefined): string {
  try {
    const region = locale ? new Intl.Locale(locale).maximize().region : undefined
    return (region && CURRENCY_OF_REGION[region]) || 'EUR'
  }
  catch {
    return 'EUR'
  }
}
