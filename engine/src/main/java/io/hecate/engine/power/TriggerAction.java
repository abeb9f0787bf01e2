package io.hecate.engine.power;

/**
 * What {@link PowerWatch} runs when the trigger policy fires; the CLI decides (start the emergency
 * workflow, forward to the coordinator). Throwing means the shutdown did not start: the watch tries again.
 */
@FunctionalInterface
public interface TriggerAction {

    void onTrigger(Decision decision) throws Exception;

    /**
     * An expected failure of the action (e.g. the coordinator cannot be reached): logged as one line naming what
     * failed and the fix, without a stack trace; the action runs again at the next poll while triggered.
     */
    class Failed extends RuntimeException {
        public Failed(String message) {
            super(message);
        }
    }
}
