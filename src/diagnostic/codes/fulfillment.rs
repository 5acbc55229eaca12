//! Issue codes of what happens after submission: a Send carrier's feed that
//! will not run again (layer `config`: the group configuration must change),
//! and a carrier's own rejection (layer `lifecycle`). Both block the carrier.

use crate::diagnostic::catalogue::catalogue;

catalogue! {
    SCHEDULE_CATALOGUE:
    FEED_SCHEDULE_ENDED = "feed_schedule_ended", Error, Config, "fulfillment/mod.rs feed_issues",
        "Send carrier {carrier}'s feed schedule has no run after {now}, so its changes cannot be sent.",
        "Reported by `preview` (and `foldStatus` at its `now`) for a Send carrier with changes whose `feed.rrule` has no run within ten years after `now`: its `UNTIL` has passed. The carrier is `invalid` until the configuration gets a feed that runs; `params.config_path` points at the rule.";
}

catalogue! {
    LIFECYCLE_CATALOGUE:
    CARRIER_REJECTED = "carrier_rejected", Error, Lifecycle, "fulfillment/lifecycle.rs carrier_rejected",
        "The carrier rejected the changes: {error}",
        "A `carrier_rejected` status event: the carrier found an error after submission (source S2: errors that \"begin in processing and move to invalid when the error is detected\"). One issue per error the event lists, in its words; the carrier is `invalid` and its transaction `failed`.";
}
