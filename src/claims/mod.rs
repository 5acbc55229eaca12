//! Claims payment status (seed 003): plan the payment-status requests for a
//! claim, validate the responses, attach product messages to claim lines.
//! A separate pipeline over `model::claim`.
