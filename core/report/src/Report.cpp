#include "insolepose/report/Report.h"

#include "insolepose/Colormap.h"
#include "insolepose/Error.h"

#include <QFile>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QPolygonF>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>

namespace insolepose::report {

namespace {

// Every size below is in logical pixels of a page 1240 wide (A4 at 150 dpi); a chart painted into
// a smaller or larger area scales its text with the area (see fontScale).
constexpr double kPageWidth = 1240.0;
constexpr double kPageHeight = kPageWidth * 297.0 / 210.0;
constexpr double kMargin = 70.0;
const QColor kAxis(70, 70, 70);
const QColor kGrid(225, 225, 225);
const QColor kMuted(110, 110, 110);

/// Text size for an area: charts painted small (a dock) keep readable text, large ones do not shout.
double fontScale(const QRectF& area)
{
    return std::clamp(std::min(area.width() / 900.0, area.height() / 500.0), 0.95, 1.6);
}

QFont font(double pixels, bool bold = false)
{
    QFont f;
    f.setPixelSize(std::max(1, int(std::lround(pixels))));
    f.setBold(bold);
    return f;
}

/// Tick positions at 1, 2 or 5 times a power of ten, covering [lo, hi] with about `count` ticks.
std::vector<double> niceTicks(double lo, double hi, int count)
{
    if (!(hi > lo))
        return {lo};
    const double raw = (hi - lo) / std::max(1, count);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw) {
            step = m * magnitude;
            break;
        }
    std::vector<double> ticks;
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

QString tickText(double v)
{
    const double a = std::abs(v);
    if (a != 0 && (a >= 1e5 || a < 1e-3))
        return QString::number(v, 'g', 3);
    return QString::number(v, 'g', 6);
}

struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v)
    {
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    bool valid() const { return lo <= hi; }
    /// Makes an empty or zero-width range drawable and adds a little room at both ends.
    void finish(double pad)
    {
        if (!valid()) {
            lo = 0;
            hi = 1;
        } else if (hi == lo) {
            lo -= 0.5;
            hi += 0.5;
        } else {
            const double d = (hi - lo) * pad;
            lo -= d;
            hi += d;
        }
    }
};

/// Title above, the plot's frame below; returns the plot rectangle left for the data.
QRectF paintFrame(QPainter& p, const QRectF& area, const QString& title, double s, double leftRoom, double bottomRoom)
{
    p.fillRect(area, Qt::white);
    double top = area.top() + 8 * s;
    if (!title.isEmpty()) {
        p.setFont(font(20 * s, true));
        p.setPen(Qt::black);
        const double h = QFontMetricsF(p.font()).height();
        p.drawText(QRectF(area.left(), top, area.width(), h), Qt::AlignHCenter | Qt::AlignVCenter, title);
        top += h + 6 * s;
    }
    return QRectF(area.left() + leftRoom, top + 6 * s, area.width() - leftRoom - 16 * s,
                  area.bottom() - bottomRoom - top - 6 * s);
}

void paintYAxis(QPainter& p, const QRectF& plot, const Range& y, const QString& label, double s)
{
    p.setFont(font(14 * s));
    const QFontMetricsF fm(p.font());
    for (double t : niceTicks(y.lo, y.hi, 5)) {
        const double py = plot.bottom() - (t - y.lo) / (y.hi - y.lo) * plot.height();
        if (py < plot.top() - 1 || py > plot.bottom() + 1)
            continue;
        p.setPen(QPen(kGrid, 1));
        p.drawLine(QPointF(plot.left(), py), QPointF(plot.right(), py));
        p.setPen(kAxis);
        p.drawText(QRectF(plot.left() - 60 * s, py - fm.height() / 2, 54 * s, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, tickText(t));
    }
    if (!label.isEmpty()) {
        p.save();
        p.translate(plot.left() - 66 * s - fm.height(), plot.center().y());
        p.rotate(-90);
        p.drawText(QRectF(-plot.height() / 2, 0, plot.height(), fm.height()), Qt::AlignCenter, label);
        p.restore();
    }
    p.setPen(QPen(kAxis, 1.2));
    p.drawLine(plot.bottomLeft(), plot.topLeft());
}

/// The legend's entries as coloured swatches in a row under the top edge of the plot, right-aligned.
void paintLegend(QPainter& p, const QRectF& plot, const std::vector<std::pair<QString, QColor>>& entries, double s)
{
    if (entries.size() < 2)
        return;
    p.setFont(font(13 * s));
    const QFontMetricsF fm(p.font());
    double width = 0;
    for (const auto& [name, colour] : entries)
        width += 22 * s + fm.horizontalAdvance(name) + 12 * s;
    QRectF box(plot.right() - width - 6 * s, plot.top() + 4 * s, width, fm.height() + 6 * s);
    p.fillRect(box, QColor(255, 255, 255, 220));
    double x = box.left() + 6 * s;
    for (const auto& [name, colour] : entries) {
        p.fillRect(QRectF(x, box.center().y() - 5 * s, 16 * s, 10 * s), colour);
        x += 22 * s;
        p.setPen(Qt::black);
        p.drawText(QRectF(x, box.top(), fm.horizontalAdvance(name) + 2, box.height()), Qt::AlignVCenter, name);
        x += fm.horizontalAdvance(name) + 12 * s;
    }
}

void checkSeries(const LineChart& chart)
{
    for (const Series& series : chart.series)
        if (series.x.size() != series.y.size())
            throw Error("chart '" + chart.title.toStdString() + "': series '" + series.name.toStdString() + "' has " +
                        std::to_string(series.x.size()) + " x values but " + std::to_string(series.y.size()) +
                        " y values");
}

} // namespace

QColor mapColour(double t)
{
    const auto rgb = viridis(t);
    return QColor(rgb[0], rgb[1], rgb[2]);
}

void paint(QPainter& p, const QRectF& area, const LineChart& chart)
{
    checkSeries(chart);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    const double s = fontScale(area);
    QRectF plot = paintFrame(p, area, chart.title, s, 96 * s, 56 * s);
    Range x, y;
    for (const Series& series : chart.series) {
        for (double v : series.x)
            x.add(v);
        for (double v : series.y)
            y.add(v);
    }
    for (const Band& band : chart.bands) {
        x.add(band.from);
        x.add(band.to);
    }
    x.finish(chart.equalAspect ? 0.05 : 0.0);
    y.finish(0.05);
    if (chart.equalAspect) {
        // Equal units per pixel: widen the axis that would otherwise be stretched.
        const double perPixel = std::max((x.hi - x.lo) / plot.width(), (y.hi - y.lo) / plot.height());
        const double cx = (x.lo + x.hi) / 2, cy = (y.lo + y.hi) / 2;
        x.lo = cx - perPixel * plot.width() / 2;
        x.hi = cx + perPixel * plot.width() / 2;
        y.lo = cy - perPixel * plot.height() / 2;
        y.hi = cy + perPixel * plot.height() / 2;
    }
    const auto px = [&](double v) { return plot.left() + (v - x.lo) / (x.hi - x.lo) * plot.width(); };
    const auto py = [&](double v) { return plot.bottom() - (v - y.lo) / (y.hi - y.lo) * plot.height(); };

    for (const Band& band : chart.bands) {
        const QRectF r(QPointF(px(band.from), plot.top()), QPointF(px(band.to), plot.bottom()));
        p.fillRect(r.intersected(plot), band.colour);
    }
    paintYAxis(p, plot, y, chart.yLabel, s);
    p.setFont(font(14 * s));
    const QFontMetricsF fm(p.font());
    for (double t : niceTicks(x.lo, x.hi, 7)) {
        const double tx = px(t);
        if (tx < plot.left() - 1 || tx > plot.right() + 1)
            continue;
        p.setPen(QPen(kGrid, 1));
        p.drawLine(QPointF(tx, plot.top()), QPointF(tx, plot.bottom()));
        p.setPen(kAxis);
        p.drawText(QRectF(tx - 50 * s, plot.bottom() + 4 * s, 100 * s, fm.height()), Qt::AlignCenter, tickText(t));
    }
    p.setPen(QPen(kAxis, 1.2));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawText(QRectF(plot.left(), plot.bottom() + 8 * s + fm.height(), plot.width(), fm.height()), Qt::AlignCenter,
               chart.xLabel);

    p.setClipRect(plot.adjusted(-2, -2, 2, 2));
    std::vector<std::pair<QString, QColor>> legend;
    for (const Series& series : chart.series) {
        legend.emplace_back(series.name, series.colour);
        p.setPen(QPen(series.colour, series.width * s));
        p.setBrush(series.colour);
        QPolygonF line;
        const auto flush = [&] {
            if (line.size() > 1)
                p.drawPolyline(line);
            line.clear();
        };
        for (std::size_t i = 0; i < series.x.size(); ++i) {
            if (!std::isfinite(series.x[i]) || !std::isfinite(series.y[i])) {
                flush();
                continue;
            }
            const QPointF point(px(series.x[i]), py(series.y[i]));
            if (series.points)
                p.drawEllipse(point, 2.5 * s, 2.5 * s);
            else
                line << point;
        }
        flush();
    }
    p.setClipping(false);
    if (chart.legend)
        paintLegend(p, plot, legend, s);
    p.restore();
}

void paint(QPainter& p, const QRectF& area, const BarChart& chart)
{
    for (const BarSeries& series : chart.series)
        if (series.values.size() != chart.categories.size() ||
            (!series.errors.empty() && series.errors.size() != series.values.size()))
            throw Error("chart '" + chart.title.toStdString() + "': series '" + series.name.toStdString() + "' has " +
                        std::to_string(series.values.size()) + " values (and " + std::to_string(series.errors.size()) +
                        " error bars) for " + std::to_string(chart.categories.size()) + " categories");
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    const double s = fontScale(area);
    p.setFont(font(14 * s));
    const QFontMetricsF fm(p.font());
    double longest = 0;
    for (const QString& c : chart.categories)
        longest = std::max(longest, fm.horizontalAdvance(c));
    const double slot = chart.categories.empty() ? 1.0 : (area.width() - 112 * s) / double(chart.categories.size());
    const bool rotate = longest + 6 * s > slot;
    const double bottomRoom = (rotate ? longest * 0.72 + 16 * s : fm.height() + 14 * s) + 8 * s;
    QRectF plot = paintFrame(p, area, chart.title, s, 96 * s, bottomRoom);

    Range y;
    y.add(0.0);
    for (const BarSeries& series : chart.series)
        for (std::size_t i = 0; i < series.values.size(); ++i)
            y.add(series.values[i] + (series.errors.empty() ? 0.0 : series.errors[i]));
    y.finish(0.0);
    y.hi += (y.hi - y.lo) * 0.08; // room for the printed values
    const auto py = [&](double v) { return plot.bottom() - (v - y.lo) / (y.hi - y.lo) * plot.height(); };
    paintYAxis(p, plot, y, chart.yLabel, s);

    const std::size_t n = chart.categories.size();
    const double group = n ? plot.width() / double(n) : plot.width();
    const double barWidth = group * 0.8 / double(std::max<std::size_t>(1, chart.series.size()));
    std::vector<std::pair<QString, QColor>> legend;
    for (std::size_t k = 0; k < chart.series.size(); ++k) {
        const BarSeries& series = chart.series[k];
        legend.emplace_back(series.name, series.colour);
        for (std::size_t i = 0; i < n; ++i) {
            const double v = series.values[i];
            if (!std::isfinite(v))
                continue;
            const double left = plot.left() + group * double(i) + group * 0.1 + barWidth * double(k);
            const QRectF bar(QPointF(left, py(std::max(v, 0.0))),
                             QPointF(left + barWidth * 0.92, py(std::min(v, 0.0))));
            p.fillRect(bar, series.colour);
            double top = bar.top();
            if (!series.errors.empty() && std::isfinite(series.errors[i]) && series.errors[i] > 0) {
                const double cx = bar.center().x();
                const double e0 = py(v - series.errors[i]), e1 = py(v + series.errors[i]);
                p.setPen(QPen(kAxis, 1.2 * s));
                p.drawLine(QPointF(cx, e0), QPointF(cx, e1));
                p.drawLine(QPointF(cx - barWidth * 0.2, e1), QPointF(cx + barWidth * 0.2, e1));
                top = std::min(top, e1);
            }
            if (chart.valuesOnBars && barWidth > fm.horizontalAdvance(QStringLiteral("00.0")) * 0.8) {
                p.setFont(font(12 * s));
                p.setPen(Qt::black);
                p.drawText(QRectF(left - 10 * s, top - 18 * s, barWidth + 20 * s, 16 * s), Qt::AlignCenter,
                           QString::number(v, 'f', std::abs(v) >= 100 ? 0 : 1));
                p.setFont(font(14 * s));
            }
        }
    }
    p.setPen(kAxis);
    for (std::size_t i = 0; i < n; ++i) {
        const double cx = plot.left() + group * (double(i) + 0.5);
        if (rotate) {
            p.save();
            p.translate(cx, plot.bottom() + 6 * s);
            p.rotate(-45);
            p.drawText(QRectF(-longest - 4 * s, -fm.height() / 2, longest, fm.height()),
                       Qt::AlignRight | Qt::AlignVCenter, chart.categories[i]);
            p.restore();
        } else {
            p.drawText(QRectF(cx - group / 2, plot.bottom() + 4 * s, group, fm.height()), Qt::AlignCenter,
                       chart.categories[i]);
        }
    }
    p.setPen(QPen(kAxis, 1.2));
    p.drawLine(QPointF(plot.left(), py(0)), QPointF(plot.right(), py(0)));
    paintLegend(p, plot, legend, s);
    p.restore();
}

void paint(QPainter& p, const QRectF& area, const MapChart& chart)
{
    if (chart.rows <= 0 || chart.cols <= 0 || chart.values.size() != std::size_t(chart.rows) * std::size_t(chart.cols))
        throw Error("map '" + chart.title.toStdString() + "': " + std::to_string(chart.values.size()) +
                    " values do not fill " + std::to_string(chart.rows) + " x " + std::to_string(chart.cols) +
                    " cells");
    p.save();
    const double s = fontScale(area) * 0.8;
    QRectF plot = paintFrame(p, area, chart.title, s, 8 * s, 8 * s);
    float maxValue = chart.maxValue;
    if (!(maxValue > 0)) {
        maxValue = 0;
        for (float v : chart.values)
            if (std::isfinite(v))
                maxValue = std::max(maxValue, v);
        if (!(maxValue > 0))
            maxValue = 1;
    }
    const double barRoom = 90 * s;
    const double cell = std::min((plot.width() - barRoom) / chart.cols, plot.height() / chart.rows);
    const QRectF grid(plot.left() + (plot.width() - barRoom - cell * chart.cols) / 2, plot.top(), cell * chart.cols,
                      cell * chart.rows);
    for (int r = 0; r < chart.rows; ++r)
        for (int c = 0; c < chart.cols; ++c) {
            const float v = chart.values[std::size_t(r) * std::size_t(chart.cols) + std::size_t(c)];
            const QColor colour = std::isfinite(v) ? mapColour(v / maxValue) : QColor(190, 190, 190);
            p.fillRect(QRectF(grid.left() + c * cell, grid.top() + r * cell, cell + 0.5, cell + 0.5), colour);
        }
    // The colour bar: 0 at the bottom, the maximum at the top.
    const QRectF bar(grid.right() + 16 * s, grid.top(), 18 * s, grid.height());
    for (int i = 0; i < 64; ++i)
        p.fillRect(QRectF(bar.left(), bar.bottom() - (i + 1) * bar.height() / 64, bar.width(), bar.height() / 64 + 0.5),
                   mapColour((i + 0.5) / 64.0));
    p.setPen(kAxis);
    p.setFont(font(13 * s));
    const QFontMetricsF fm(p.font());
    const QString top = QString::number(maxValue, 'g', 3) + (chart.unit.isEmpty() ? QString() : " " + chart.unit);
    p.drawText(QRectF(bar.right() + 4 * s, bar.top(), 80 * s, fm.height()), Qt::AlignLeft | Qt::AlignTop, top);
    p.drawText(QRectF(bar.right() + 4 * s, bar.bottom() - fm.height(), 80 * s, fm.height()),
               Qt::AlignLeft | Qt::AlignBottom, QStringLiteral("0"));
    p.restore();
}

void paint(QPainter& p, const QRectF& area, const AnyChart& chart)
{
    std::visit([&](const auto& c) { paint(p, area, c); }, chart);
}

namespace {

template <class Chart> QImage renderChart(const Chart& chart, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    paint(p, QRectF(QPointF(0, 0), QSizeF(size)), chart);
    return image;
}

} // namespace

QImage render(const LineChart& chart, QSize size) { return renderChart(chart, size); }
QImage render(const BarChart& chart, QSize size) { return renderChart(chart, size); }
QImage render(const MapChart& chart, QSize size) { return renderChart(chart, size); }

void writePng(const std::filesystem::path& png, const QImage& image)
{
    QSaveFile file(QString::fromStdString(png.string()));
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit())
        throw IoError("cannot write " + png.string() + ": " + file.errorString().toStdString());
}

// ---- The one-page report ----

struct OnePageReport::Block {
    struct Facts {
        std::vector<std::pair<QString, QString>> facts;
    };
    struct Table {
        QString caption;
        QStringList header;
        std::vector<QStringList> rows;
        int maxRows;
    };
    struct Note {
        QString text;
    };
    using Chart = std::variant<LineChart, BarChart, MapChart>;
    std::variant<Facts, Table, Chart, Note> content;
};

OnePageReport::OnePageReport(QString title) : m_title(std::move(title)) {}
OnePageReport::~OnePageReport() = default;
OnePageReport::OnePageReport(const OnePageReport&) = default;
OnePageReport& OnePageReport::operator=(const OnePageReport&) = default;

void OnePageReport::setSubtitle(QString subtitle) { m_subtitle = std::move(subtitle); }
void OnePageReport::addFacts(std::vector<std::pair<QString, QString>> facts)
{
    m_blocks.push_back({Block::Facts{std::move(facts)}});
}
void OnePageReport::addTable(QString caption, QStringList header, std::vector<QStringList> rows, int maxRows)
{
    m_blocks.push_back({Block::Table{std::move(caption), std::move(header), std::move(rows), maxRows}});
}
void OnePageReport::addChart(LineChart chart) { m_blocks.push_back({Block::Chart{std::move(chart)}}); }
void OnePageReport::addChart(BarChart chart) { m_blocks.push_back({Block::Chart{std::move(chart)}}); }
void OnePageReport::addChart(MapChart chart) { m_blocks.push_back({Block::Chart{std::move(chart)}}); }
void OnePageReport::addNote(QString text) { m_blocks.push_back({Block::Note{std::move(text)}}); }

namespace {

constexpr double kRow = 26.0;
constexpr double kGap = 18.0;

/// Paints (when `p` is set) or measures a table at `top`; returns its height.
/// Facts (key-value pairs) are all left-aligned; tables put numbers (every column but the first) on the right.
double layoutTable(QPainter* p, double left, double width, double top, const QString& caption,
                   const QStringList& header, const std::vector<QStringList>& rows, int maxRows, bool facts = false)
{
    double y = top;
    const std::size_t shown = std::min<std::size_t>(rows.size(), std::size_t(std::max(0, maxRows)));
    if (!caption.isEmpty()) {
        if (p) {
            p->setFont(font(17, true));
            p->drawText(QRectF(left, y, width, kRow), Qt::AlignLeft | Qt::AlignVCenter, caption);
        }
        y += kRow;
    }
    int columns = std::max<int>(1, int(header.size()));
    for (const QStringList& row : rows)
        columns = std::max<int>(columns, int(row.size()));
    const double colWidth = width / columns;
    const auto paintRow = [&](const QStringList& cells, bool bold, bool shade) {
        if (p) {
            if (shade)
                p->fillRect(QRectF(left, y, width, kRow), QColor(244, 246, 250));
            p->setPen(Qt::black);
            for (int c = 0; c < std::min<int>(columns, int(cells.size())); ++c) {
                p->setFont(font(15, bold || (facts && c % 2 == 0)));
                p->drawText(QRectF(left + c * colWidth + 6, y, colWidth - 12, kRow),
                            (c == 0 || facts ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter, cells[c]);
            }
        }
        y += kRow;
    };
    if (!header.isEmpty())
        paintRow(header, true, false);
    if (p && !header.isEmpty()) {
        p->setPen(QPen(kAxis, 1));
        p->drawLine(QPointF(left, y), QPointF(left + width, y));
    }
    for (std::size_t i = 0; i < shown; ++i)
        paintRow(rows[i], false, i % 2 == 1);
    if (shown < rows.size()) {
        if (p) {
            p->setFont(font(14));
            p->setPen(kMuted);
            p->drawText(QRectF(left, y, width, kRow), Qt::AlignLeft | Qt::AlignVCenter,
                        QStringLiteral("… %1 more rows not shown").arg(rows.size() - shown));
        }
        y += kRow;
    }
    return y - top;
}

double noteHeight(const QString& text, double width)
{
    const QFontMetricsF fm(font(15));
    return fm.boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap, text).height();
}

} // namespace

void OnePageReport::paintPage(QPainter& painter, const QRectF& page) const
{
    // Lay out at full size on a kPageWidth-wide page, measure, then shrink to fit one page.
    const double width = kPageWidth - 2 * kMargin;
    const double chartHeight = width / 2 * 0.62;
    const auto layout = [&](QPainter* p) {
        double y = kMargin;
        if (p) {
            p->setPen(Qt::black);
            p->setFont(font(34, true));
            p->drawText(QRectF(kMargin, y, width, 44), Qt::AlignLeft | Qt::AlignVCenter, m_title);
        }
        y += 48;
        if (!m_subtitle.isEmpty()) {
            if (p) {
                p->setPen(kMuted);
                p->setFont(font(17));
                p->drawText(QRectF(kMargin, y, width, 26), Qt::AlignLeft | Qt::AlignVCenter, m_subtitle);
            }
            y += 28;
        }
        y += kGap;
        int chartColumn = 0; // charts go two per row
        for (const Block& block : m_blocks) {
            const auto* chart = std::get_if<Block::Chart>(&block.content);
            if (!chart && chartColumn == 1) {
                y += chartHeight + kGap;
                chartColumn = 0;
            }
            if (chart) {
                if (p) {
                    const QRectF area(kMargin + chartColumn * (width / 2 + 6), y, width / 2 - 6, chartHeight);
                    std::visit([&](const auto& c) { paint(*p, area, c); }, *chart);
                }
                if (++chartColumn == 2) {
                    y += chartHeight + kGap;
                    chartColumn = 0;
                }
            } else if (const auto* facts = std::get_if<Block::Facts>(&block.content)) {
                // Facts in two column pairs: key, value | key, value.
                std::vector<QStringList> rows;
                for (std::size_t i = 0; i < facts->facts.size(); i += 2) {
                    QStringList row{facts->facts[i].first, facts->facts[i].second};
                    if (i + 1 < facts->facts.size())
                        row << facts->facts[i + 1].first << facts->facts[i + 1].second;
                    rows.push_back(row);
                }
                y += layoutTable(p, kMargin, width, y, {}, {}, rows, int(rows.size()), true) + kGap;
            } else if (const auto* table = std::get_if<Block::Table>(&block.content)) {
                y += layoutTable(p, kMargin, width, y, table->caption, table->header, table->rows, table->maxRows) +
                     kGap;
            } else if (const auto* note = std::get_if<Block::Note>(&block.content)) {
                const double h = noteHeight(note->text, width);
                if (p) {
                    p->setPen(kMuted);
                    p->setFont(font(15));
                    p->drawText(QRectF(kMargin, y, width, h), Qt::TextWordWrap, note->text);
                }
                y += h + kGap;
            }
        }
        if (chartColumn == 1)
            y += chartHeight + kGap;
        return y + kMargin;
    };
    const double height = layout(nullptr);
    const double fit = std::min(1.0, kPageHeight / height);
    painter.save();
    painter.fillRect(page, Qt::white);
    painter.translate(page.topLeft());
    painter.scale(page.width() / kPageWidth * fit, page.width() / kPageWidth * fit);
    if (fit < 1.0) // centre the shrunk content horizontally
        painter.translate((kPageWidth / fit - kPageWidth) / 2, 0);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    layout(&painter);
    painter.restore();
}

void OnePageReport::writePdf(const std::filesystem::path& pdf) const
{
    const QString path = QString::fromStdString(pdf.string());
    const QString partial = path + QStringLiteral(".partial");
    {
        QPdfWriter writer(partial);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setResolution(150);
        writer.setTitle(m_title);
        writer.setCreator(QStringLiteral("InsolePose Studio"));
        QPainter painter;
        if (!painter.begin(&writer))
            throw IoError("cannot write " + pdf.string() +
                          ": the PDF could not be started (folder missing or read-only?)");
        const QRect page = writer.pageLayout().paintRectPixels(writer.resolution());
        paintPage(painter, QRectF(page));
        painter.end();
    }
    QFile::remove(path);
    if (!QFile::rename(partial, path)) {
        QFile::remove(partial);
        throw IoError("cannot write " + pdf.string() + ": could not move the finished report into place");
    }
}

QImage OnePageReport::renderPage(int width) const
{
    QImage image(width, int(std::lround(width * kPageHeight / kPageWidth)), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    paintPage(painter, QRectF(image.rect()));
    return image;
}

} // namespace insolepose::report
