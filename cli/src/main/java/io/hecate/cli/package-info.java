package io.hecate.cli;
