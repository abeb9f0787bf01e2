package io.hecate.drills;
