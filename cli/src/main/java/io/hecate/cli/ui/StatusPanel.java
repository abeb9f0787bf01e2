package io.hecate.cli.ui;

/** What {@code hecate status} shows, computed when asked: the viewer's power panel reads the JSON, the CLI the text. */
public interface StatusPanel {

    /** What {@code status --json} prints. */
    String json();

    /** What {@code status} prints. */
    String text();
}
