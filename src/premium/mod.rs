//! The financial summary: monthly premium per line of coverage from the plan
//! rates, the employee/employer split, totals, and the change versus the
//! previous snapshot. Money in integer cents.
