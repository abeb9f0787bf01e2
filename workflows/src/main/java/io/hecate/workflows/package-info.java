package io.hecate.workflows;
