package io.hecate.engine.runtime;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.core.variable.mapping.value.ParameterValueProvider;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * Every job of a run gets its owner's token as priority, and each engine's job executor acquires only jobs of
 * its own token: a run is carried by the engine that owns it, never picked up silently by another process (the
 * daemon) when its owner dies or its job lock expires. Taking a run over rewrites the token. Read from the
 * run's top process instance, so a called process (power off) belongs to its caller's owner.
 */
final class OwnerPriority implements ParameterValueProvider {

    /** What a job without an owner gets: no engine acquires it. */
    static final long UNOWNED = 0;

    @Override
    public Object getValue(VariableScope scope) {
        ExecutionEntity top = ((ExecutionEntity) scope).getProcessInstance();
        while (top.getSuperExecution() != null) {
            top = top.getSuperExecution().getProcessInstance();
        }
        Object token = top.getVariable(RunVariables.OWNER_TOKEN);
        return token instanceof Number n ? n.longValue() : UNOWNED;
    }

    @Override
    public boolean isDynamic() {
        return true;
    }
}
