package io.dirsync.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts of a benchmark run, rendered headless: latency distributions in the HdrHistogram style (x axis
 * stretched towards the tail: 90%, 99%, 99.9% equally spaced) and completions per second over time.
 */
public final class Charts {

    /** A named latency histogram (µs). */
    public record Latency(String name, Histogram micros) {
    }

    /** A named series of completions per second. */
    public record Throughput(String name, long[] perSecond) {
    }

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    public static void latency(Path file, String title, List<Latency> series) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Latency l : series) {
            XYSeries s = new XYSeries(l.name());
            if (l.micros().getTotalCount() > 0) {
                for (HistogramIterationValue v : l.micros().percentiles(5)) {
                    double p = v.getPercentileLevelIteratedTo() / 100.0;
                    if (p >= 0.99999) {
                        break;
                    }
                    s.add(-Math.log10(1 - p), Math.max(0.01, v.getValueIteratedTo() / 1000.0));
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "percentile", "latency (ms)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setNumberFormatOverride(new PercentileFormat());
        x.setRange(0, 4);
        LogAxis y = new LogAxis("latency (ms, log)");
        y.setNumberFormatOverride(new DecimalFormat("0.##"));
        plot.setRangeAxis(y);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
    }

    public static void throughput(Path file, String title, List<Throughput> series) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Throughput t : series) {
            XYSeries s = new XYSeries(t.name());
            for (int i = 0; i < t.perSecond().length; i++) {
                s.add(i, t.perSecond()[i]);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "second of the run", "completed per second", data,
                PlotOrientation.VERTICAL, true, false, false);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
    }

    /** Shows the stretched axis value {@code -log10(1-p)} as the percentile it stands for. */
    private static final class PercentileFormat extends NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer buffer, FieldPosition pos) {
            double p = 100 * (1 - Math.pow(10, -number));
            return buffer.append(new DecimalFormat("0.###").format(p)).append('%');
        }

        @Override
        public StringBuffer format(long number, StringBuffer buffer, FieldPosition pos) {
            return format((double) number, buffer, pos);
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return null;
        }
    }
}
