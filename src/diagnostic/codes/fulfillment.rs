//! Issue codes of what happens after submission: a Send carrier's feed that
//! will not run again (layer `config`: the group configuration must change),
//! and a carrier's own rejection (layer `lifecycle`). Both block the carrier.
//! And an event a state has no room for (layer `lifecycle`).

use crate::diagnostic::catalogue::catalogue;

catalogue! {
    SCHEDULE_CATALOGUE:
    FEED_SCHEDULE_ENDED = "feed_schedule_ended", Error, Config, "fulfillment/mod.rs feed_issues",
        "Send carrier {carrier}'s feed schedule has no run after {now}, so its changes cannot be sent.",
        "Reported by `preview` for a Send carrier with changes whose `feed.rrule` has no run within ten years after `now`: its `UNTIL` has passed; by `foldStatus` for a scheduled one once its `now` is more than a day past the feed's last run (until then the run's file may still be logged). The carrier is `invalid` until the configuration gets a feed that runs; `params.config_path` points at the rule.";
}

catalogue! {
    LIFECYCLE_CATALOGUE:
    CARRIER_REJECTED = "carrier_rejected", Error, Lifecycle, "fulfillment/lifecycle.rs carrier_rejected",
        "The carrier rejected the changes: {error}",
        "A `carrier_rejected` status event: the carrier found an error after submission (source S2: errors that \"begin in processing and move to invalid when the error is detected\"). One issue per error the event lists, in its words; the carrier is `invalid` and its transaction `failed`. A carrier keeps at most 1000 errors: past that the 1000th is `too_many_issues` (naming the carrier) counting the rest, which are not built (docs/api.md, Limits).";
    TOO_MANY_EVENTS = "too_many_events", Error, Lifecycle, "fulfillment/fold.rs fold_json",
        "The state has no room for this event: it would add up to {weight} bytes to the {used} its events already weigh, past the limit of {limit}. It was not kept.",
        "Reported by `foldStatus` in `event_issues`, at the event's pointer (`/3`): a state keeps events weighing at most 1 MiB (each event's JSON, its id and the id it names once more, and 256 bytes; a `carrier_rejected` also 256 bytes, its carrier id three times and its error's quoted text twice for each of its first 1000 errors), so that the state it returns stays below the input limit and can be passed back in (docs/api.md, Limits). The event is neither applied nor kept; an event the state already keeps costs nothing, and a smaller event given after it may still fit.";
    REQUESTED_ID_TOO_LONG = "requested_id_too_long", Fatal, Lifecycle, "tracking/mod.rs overlong_id",
        "A requested {field} is {bytes} bytes long, more than the {limit} an id may have: nothing is tracked.",
        "Reported by `engine.track`, path \"\", alone in its `issues`, for the first id of `requested` longer than 256 bytes: a submitted snapshot's `snapshot_id`, or a difference's `id`, `carrier_id` or `individual.reference` (the engine's are 18 to 36 bytes). Tracking repeats these in every item it makes of them (each field discrepancy, each difference's `snapshot_ids`), so a long one made the result its length times the items (review 28b: 0.6 MB of `requested` failed the wasm instance). `params`: `field` (`snapshot_id`, `id`, `carrier_id` or `individual.reference`), `snapshot` (the submitted snapshot's index; 0 for a lone diff result or list of differences), `difference` (the difference's index in it; null for a `snapshot_id`), `bytes` and `limit`. Nothing is tracked.";
}
