package io.hecate.engine;
