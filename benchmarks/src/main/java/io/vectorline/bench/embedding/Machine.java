package io.vectorline.bench.embedding;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the numbers were measured on. */
public record Machine(int cores, String cpu, long memoryMiB, String jvm, String onnxRuntime) {
    public static Machine describe() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                procValue("/proc/cpuinfo", "model name").orElse("unknown CPU"),
                procValue("/proc/meminfo", "MemTotal").map(v -> Long.parseLong(v.replaceAll("\\D", "")) >> 10)
                        .orElse(-1L),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                OrtEnvironment.class.getPackage().getImplementationVersion());
    }

    public String oneLine() {
        return cores + " cores (" + cpu + "), " + String.format("%,d", memoryMiB) + " MiB RAM, " + jvm
                + ", ONNX Runtime " + onnxRuntime;
    }

    private static Optional<String> procValue(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
