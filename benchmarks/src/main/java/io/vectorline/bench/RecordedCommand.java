package io.vectorline.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The command a results file records, as a reader can repeat it: the launcher script with the
 * options given, without the connection options the script adds for the local services.
 */
public final class RecordedCommand {
    private RecordedCommand() {}

    public static String of(String script, List<String> args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--jdbc-url") || arg.equals("--bootstrap-servers")) {
                i++;
            } else if (!arg.startsWith("--jdbc-url=") && !arg.startsWith("--bootstrap-servers=")) {
                kept.add(arg);
            }
        }
        return (script + " " + String.join(" ", kept)).strip();
    }
}
