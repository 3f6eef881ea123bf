/** The task name of a result stored with `Tasks.put` rather than computed by a run. */
export const PUT_TASK = "(put)";
