#pragma once
// Charts and one-page PDF reports, painted with Qt Gui (QPainter on a QImage or a QPdfWriter page;
// no windows, no widgets). Used by the studio's comparison and gait docks and by the command line
// tool's reports. Painting text needs a QGuiApplication: programs without a display create it on
// the "offscreen" platform (the command line tool's insolepose-data does).
// Errors: IoError when a PNG or PDF cannot be written (naming the file); Error when a chart's data
// do not fit (series x and y of different lengths, a map whose values are not rows x cols).
#include <QColor>
#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

#include <filesystem>
#include <utility>
#include <variant>
#include <vector>

class QPainter;
class QRectF;

namespace insolepose::report {

/// One line of a line chart (or, with `points`, a scatter): y over x, NaN values leave a gap.
struct Series {
    QString name;
    QColor colour;
    std::vector<double> x;
    std::vector<double> y;
    bool points = false; ///< Markers instead of a line.
    double width = 1.5; ///< Line width in points.
};

/// A shaded x range behind a line chart (a stance phase, a label segment, a selection).
struct Band {
    double from = 0;
    double to = 0;
    QColor colour;
    QString label{};
};

struct LineChart {
    QString title;
    QString xLabel;
    QString yLabel;
    std::vector<Series> series;
    std::vector<Band> bands{};
    bool equalAspect = false; ///< Same scale on both axes (paths on the insole plane, butterfly plots).
    bool legend = true;
};

/// One series of a grouped bar chart: one value per category, optional error bars (same length).
struct BarSeries {
    QString name;
    QColor colour;
    std::vector<double> values;
    std::vector<double> errors{};
};

struct BarChart {
    QString title;
    QString yLabel;
    std::vector<QString> categories;
    std::vector<BarSeries> series;
    bool valuesOnBars = true;
};

/// A grid of values shown as colours with a colour bar (a pressure map); row 0 is drawn at the top.
/// NaN cells are drawn as "no data" (grey). maxValue <= 0 scales to the largest finite value.
struct MapChart {
    QString title;
    int rows = 0;
    int cols = 0;
    std::vector<float> values; ///< rows * cols, row-major.
    float maxValue = 0;
    QString unit{};
};

/// Any of the three kinds of chart.
using AnyChart = std::variant<LineChart, BarChart, MapChart>;

/// Paints a chart into `area` of a painter (a QImage, a PDF page or a widget's paint event).
void paint(QPainter& painter, const QRectF& area, const LineChart& chart);
void paint(QPainter& painter, const QRectF& area, const BarChart& chart);
void paint(QPainter& painter, const QRectF& area, const MapChart& chart);
void paint(QPainter& painter, const QRectF& area, const AnyChart& chart);

/// The chart on a white image of `size` pixels.
QImage render(const LineChart& chart, QSize size = {960, 540});
QImage render(const BarChart& chart, QSize size = {960, 540});
QImage render(const MapChart& chart, QSize size = {540, 720});
/// Writes an image as PNG. Throws IoError naming the file.
void writePng(const std::filesystem::path& png, const QImage& image);

/// The colour of value `t` in [0, 1] on the map scale (viridis, as the studio's heatmaps, so that a
/// report looks like the screen).
QColor mapColour(double t);

/// A one-page A4 portrait report: a title, facts (two columns), tables, charts (two per row) and
/// notes, laid out top to bottom and shrunk to fit one page.
class OnePageReport {
public:
    explicit OnePageReport(QString title);

    void setSubtitle(QString subtitle);
    /// Key-value pairs shown as a two-column table ("Cadence", "112 steps/min").
    void addFacts(std::vector<std::pair<QString, QString>> facts);
    /// A table; rows beyond `maxRows` are left out with a note saying how many.
    void addTable(QString caption, QStringList header, std::vector<QStringList> rows, int maxRows = 16);
    void addChart(LineChart chart);
    void addChart(BarChart chart);
    void addChart(MapChart chart);
    void addNote(QString text);

    /// Writes the report as a one-page PDF. Throws IoError naming the file.
    void writePdf(const std::filesystem::path& pdf) const;
    /// The page painted on an image (for previews and tests), `width` pixels wide.
    QImage renderPage(int width = 1240) const;

private:
    struct Block;
    void paintPage(QPainter& painter, const QRectF& page) const;
    QString m_title;
    QString m_subtitle;
    std::vector<Block> m_blocks;

public:
    ~OnePageReport();
    OnePageReport(const OnePageReport&);
    OnePageReport& operator=(const OnePageReport&);
};

} // namespace insolepose::report
