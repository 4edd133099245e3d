// How an operation's run is recorded from the worker's report (the flows record Remove and
// Remove text with it). Replay records its steps in the worker itself (worker/replay-job.ts).
export { recordedOutcome, reportedModel } from '../worker/recorded-outcome.ts';
