//! Claim documents (seed 003): claim, enrollment response, payment-status
//! responses, message catalogue.
