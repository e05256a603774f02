import { describe, expect, it } from 'vitest'
import { localBusinessJsonLd } from './local-business-json-ld'

describe('localBusinessJsonLd', () => {
  it('describes the owner\'s business with its postal address, phone, email and bookable hours', () => {
    const business = { address: 'Calle de Fuencarral 45\n28004 Madrid', phone: '+34 912 345 678', email: 'hola@luciaortega.es' }
    expect(localBusinessJsonLd({ name: 'Lucía Ortega', business }, [{ weekday: 6, start: '09:00', end: '14:00' }, { weekday: 2, start: '09:30', end: '18:00' }])).toEqual({
      '@context': 'https://schema.org',
      '@type': 'LocalBusiness',
      'name': 'Lucía Ortega',
      'address': { '@type': 'PostalAddress', 'streetAddress': 'Calle de Fuencarral 45', 'postalCode': '28004', 'addressLocality': 'Madrid' },
      'telephone': '+34 912 345 678',
      'email': 'hola@luciaortega.es',
      'openingHoursSpecification': [
        { '@type': 'OpeningHoursSpecification', 'dayOfWeek': 'https://schema.org/Tuesday', 'opens': '09:30', 'closes': '18:00' },
        { '@type': 'OpeningHoursSpecification', 'dayOfWeek': 'https://schema.org/Saturday', 'opens': '09:00', 'closes': '14:00' },
      ],
    })
  })

  it('keeps a town without a postcode, and leaves out what was not given', () => {
    expect(localBusinessJsonLd({ name: 'Studio', business: { address: '1 High Street\nSomewhere' } }, [])).toEqual({
      '@context': 'https://schema.org', '@type': 'LocalBusiness', 'name': 'Studio',
      'address': { '@type': 'PostalAddress', 'streetAddress': '1 High Street', 'addressLocality': 'Somewhere' },
    })
    expect(localBusinessJsonLd({ name: 'Blank', business: {} }, [])).toBeUndefined()
  })
})
