package io.infergate.gateway.server;

import io.infergate.engine.api.ModelIndexEntry;
import java.util.ArrayList;
import java.util.List;

/** The start-up table tritonserver prints: Model | Version | Status, with the reason when not ready. */
public final class ModelTable {
    private static final String READY = "READY";

    private ModelTable() {
    }

    public static String render(List<ModelIndexEntry> models) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Model", "Version", "Status"});
        for (ModelIndexEntry model : models) {
            rows.add(new String[] {model.name(), model.version(), status(model)});
        }
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int column = 0; column < 3; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        String border = border(widths);
        StringBuilder table = new StringBuilder(border);
        for (int i = 0; i < rows.size(); i++) {
            table.append(line(rows.get(i), widths));
            if (i == 0) {
                table.append(border);
            }
        }
        return table.append(border).toString();
    }

    private static String status(ModelIndexEntry model) {
        if (READY.equals(model.state()) || model.reason().isEmpty()) {
            return model.state();
        }
        // One line per model, whatever the reason's own line breaks.
        return model.state() + ": " + model.reason().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String border(int[] widths) {
        StringBuilder border = new StringBuilder("+");
        for (int width : widths) {
            border.append("-".repeat(width + 2)).append('+');
        }
        return border.append('\n').toString();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int column = 0; column < cells.length; column++) {
            line.append(' ').append(cells[column])
                    .append(" ".repeat(widths[column] - cells[column].length())).append(" |");
        }
        return line.append('\n').toString();
    }
}
