//! Partner status callbacks (seed 000): the payload a partner receives about a
//! transaction or snapshot, parsing and validating an incoming one, and
//! HMAC-SHA256 signatures over `timestamp + "." + body`.
