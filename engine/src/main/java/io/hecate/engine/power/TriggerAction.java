package io.hecate.engine.power;

/**
 * What {@link PowerWatch} runs when the trigger policy fires; the CLI decides (start the emergency
 * workflow, forward to the coordinator). Throwing means the shutdown did not start: the watch tries again.
 */
@FunctionalInterface
public interface TriggerAction {

    void onTrigger(Decision decision) throws Exception;
}
