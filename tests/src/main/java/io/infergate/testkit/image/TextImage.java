package io.infergate.testkit.image;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Lines of text rendered black on white in a large bold font, as an RGB image in the layout the
 * OCR models take ({@code IMAGE} UINT8 [height, width, 3]).
 *
 * @param rgb    pixels, row by row, three bytes each
 * @param height rows
 * @param width  columns
 */
public record TextImage(byte[] rgb, int height, int width) {
    // Sides come out as multiples of 32, the sizes PP-OCR's detector takes, so it sees the
    // pixels unscaled.
    private static final int LINE_HEIGHT = 96;
    private static final int MARGIN = 32;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.BOLD, 44);

    /** Renders each line below the previous one; the image is as wide as the longest line needs. */
    public static TextImage render(String... lines) {
        System.setProperty("java.awt.headless", "true");
        int width = (2 * MARGIN + widest(lines) + 31) / 32 * 32;
        int height = LINE_HEIGHT * lines.length + 2 * MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(FONT);
            for (int i = 0; i < lines.length; i++) {
                g.drawString(lines[i], MARGIN, MARGIN + LINE_HEIGHT * i + 60);
            }
        } finally {
            g.dispose();
        }
        return new TextImage(rgbBytes(image), height, width);
    }

    private static int widest(String[] lines) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        try {
            int widest = 1;
            for (String line : lines) {
                widest = Math.max(widest, g.getFontMetrics(FONT).stringWidth(line));
            }
            return widest;
        } finally {
            g.dispose();
        }
    }

    private static byte[] rgbBytes(BufferedImage image) {
        int width = image.getWidth();
        int[] pixels = image.getRGB(0, 0, width, image.getHeight(), null, 0, width);
        byte[] rgb = new byte[pixels.length * 3];
        for (int i = 0; i < pixels.length; i++) {
            rgb[3 * i] = (byte) (pixels[i] >> 16);
            rgb[3 * i + 1] = (byte) (pixels[i] >> 8);
            rgb[3 * i + 2] = (byte) pixels[i];
        }
        return rgb;
    }

    /** The JSON header of a binary-extension infer request sending this image as IMAGE, asking for TEXT. */
    public Buffer inferHeader() {
        return new JsonObject()
                .put("inputs", new JsonArray().add(new JsonObject().put("name", "IMAGE").put("datatype", "UINT8")
                        .put("shape", new JsonArray().add(height).add(width).add(3))
                        .put("parameters", new JsonObject().put("binary_data_size", rgb.length))))
                .put("outputs", new JsonArray().add(new JsonObject().put("name", "TEXT")))
                .toBuffer();
    }

    /** A fresh body for that request: the header followed by the pixels. */
    public Buffer inferBody() {
        return Buffer.buffer().appendBuffer(inferHeader()).appendBytes(rgb);
    }
}
