package io.hecate.workflows.stage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a delegate: the process variables it sets, and the facts a starter may give it, beyond the start variables
 * every run has. With those, {@link Wait#INTERVAL} and {@link NodeStep}'s they are every name a BPMN expression may
 * use (the validator refuses any other); HecateWorkflowsTest fails when a delegate uses a variable it does not
 * declare here.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ProcessVariables {

    String[] value();
}
