export * from './image'
export * from './rich-text'
export * from './text'
export * from './url'
