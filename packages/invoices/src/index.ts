export * from './verifactu'
