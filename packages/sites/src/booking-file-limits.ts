// What a visitor may upload for a booking question of kind `file`, in a module of its own
// (`@flectar/sites/booking-file-limits`, no imports) so the booking page checks a file before
// sending it with the very numbers `uploadBookingFile` enforces.

/** A visitor's file for a booking question: an image or a PDF up to 10 MB. */
export const BOOKING_FILE_MAX_BYTES = 10 * 1024 * 1024

/** The types `uploadBookingFile` takes (checked by content there), for the file input's `accept`. */
export const BOOKING_FILE_ACCEPT = 'image/png,image/jpeg,image/webp,image/avif,image/gif,application/pdf'
