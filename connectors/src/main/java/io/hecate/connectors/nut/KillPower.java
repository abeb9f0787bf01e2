package io.hecate.connectors.nut;

/** How the UPS was asked to cut its load and restore it when mains return, or that a dry run only planned it. */
public enum KillPower {

    /** {@code INSTCMD <ups> shutdown.return}: the UPS itself cuts the load after ups.delay.shutdown. */
    SHUTDOWN_RETURN("INSTCMD shutdown.return"),
    /**
     * {@code FSD <ups>}, the fallback when the driver has no shutdown.return: upsd tells every upsmon of the
     * UPS to shut down; the load is cut only by an upsmon primary's final halt ({@code upsdrvctl shutdown}).
     */
    FSD("FSD"),
    /** A dry run: nothing was sent. */
    PLANNED("nothing (dry run)");

    private final String sent;

    KillPower(String sent) {
        this.sent = sent;
    }

    /** What went to upsd, for the run's record. */
    public String sent() {
        return sent;
    }
}
