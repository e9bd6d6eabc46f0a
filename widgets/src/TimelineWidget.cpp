#include "insolepose/widgets/TimelineWidget.h"

#include "TimelineLayout.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace insolepose {
namespace {

using namespace timeline;

double niceTick(double seconds)
{
    for (double t : {0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0})
        if (t >= seconds)
            return t;
    return 7200.0;
}

/// 1, 2 or 5 times a power of ten, at least `value`.
double niceStep(double value)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(value, 1e-9))));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= value)
            return m * magnitude;
    return 10.0 * magnitude;
}

} // namespace

TimelineWidget::TimelineWidget(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(false);
    setFocusPolicy(Qt::ClickFocus);
}

void TimelineWidget::setRange(TimeNs start, TimeNs end)
{
    m_dirty = true;
    m_start = start;
    m_end = std::max(end, start + 1);
    m_viewStart = m_start;
    m_viewEnd = m_end;
    m_loop.reset();
    update();
}

void TimelineWidget::setLabels(std::vector<LabelSegment> segments, std::vector<std::string> vocabulary)
{
    Track track;
    for (const auto& label : vocabulary)
        track.colours[label] = labelColour(label, vocabulary);
    track.segments = std::move(segments);
    setLabelTracks({std::move(track)});
}

void TimelineWidget::setLabelTracks(std::vector<Track> tracks)
{
    m_dirty = true;
    m_tracks = std::move(tracks);
    if (m_selection && (m_selection->first >= int(m_tracks.size()) ||
                        m_selection->second >= int(m_tracks[std::size_t(m_selection->first)].segments.size())))
        m_selection.reset();
    updateGeometry();
    update();
}

void TimelineWidget::setMarkerTracks(std::vector<MarkerTrack> markers)
{
    m_dirty = true;
    m_markers = std::move(markers);
    updateGeometry();
    update();
}

void TimelineWidget::setSnapTimes(std::vector<TimeNs> times) { m_snapTimes = std::move(times); }

void TimelineWidget::setSelection(std::optional<std::pair<int, int>> selection)
{
    m_dirty = true;
    m_selection = selection;
    update();
}

void TimelineWidget::setActiveTrack(int track)
{
    m_dirty = true;
    m_activeTrack = track;
    update();
}

void TimelineWidget::setPendingSegment(std::optional<std::pair<int, TimeNs>> trackAndStart)
{
    m_pending = trackAndStart;
    update();
}

void TimelineWidget::setCurves(std::vector<Curve> curves)
{
    m_dirty = true;
    m_curves = std::move(curves);
    update();
}

void TimelineWidget::setCursor(TimeNs t)
{
    if (t == m_cursor)
        return;
    m_cursor = t;
    // Keep the playhead in view while playing.
    if (t > m_viewEnd || t < m_viewStart) {
        const TimeNs span = m_viewEnd - m_viewStart;
        setView(t - span / 10, t - span / 10 + span);
        return;
    }
    update();
}

void TimelineWidget::setLoop(std::optional<std::pair<TimeNs, TimeNs>> loop)
{
    m_dirty = true;
    m_loop = loop;
    update();
    Q_EMIT loopChanged();
}

void TimelineWidget::setView(TimeNs start, TimeNs end)
{
    const TimeNs span = std::clamp<TimeNs>(end - start, 200 * kNsPerMs, m_end - m_start);
    start = std::clamp(start, m_start, m_end - span);
    if (start != m_viewStart || start + span != m_viewEnd)
        m_dirty = true;
    m_viewStart = start;
    m_viewEnd = start + span;
    update();
}

void TimelineWidget::zoom(double factor, TimeNs around)
{
    const double span = double(m_viewEnd - m_viewStart) / factor;
    const double frac = double(around - m_viewStart) / double(m_viewEnd - m_viewStart);
    const auto start = TimeNs(double(around) - frac * span);
    setView(start, start + TimeNs(span));
}

double TimelineWidget::xForTime(TimeNs t) const
{
    const double w = width() - 2 * kMargin;
    return kMargin + w * double(t - m_viewStart) / double(m_viewEnd - m_viewStart);
}

TimeNs TimelineWidget::timeAtX(double x) const
{
    const double w = std::max(1, width() - 2 * kMargin);
    const auto t = m_viewStart + TimeNs((x - kMargin) / w * double(m_viewEnd - m_viewStart));
    return std::clamp(t, m_start, m_end);
}

QColor TimelineWidget::labelColour(const std::string& label, const std::vector<std::string>& vocabulary)
{
    // Okabe-Ito, colour-blind safe.
    static const QColor palette[] = {QColor(230, 159, 0),   QColor(86, 180, 233), QColor(0, 158, 115),
                                     QColor(240, 228, 66),  QColor(0, 114, 178),  QColor(213, 94, 0),
                                     QColor(204, 121, 167), QColor(150, 150, 150)};
    const auto it = std::find(vocabulary.begin(), vocabulary.end(), label);
    const std::size_t i =
        it == vocabulary.end() ? std::hash<std::string>{}(label) : std::size_t(it - vocabulary.begin());
    return palette[i % 8];
}

struct TimelineWidget::Bands {
    std::vector<QRectF> tracks; ///< Per label track; empty rectangle when hidden.
    std::vector<QRectF> markers;
    QRectF curves;
};

TimelineWidget::Bands TimelineWidget::bands() const
{
    Bands b;
    const double w = width() - 2 * kMargin;
    double y = kRulerHeight + kTrackGap;
    for (const Track& t : m_tracks) {
        b.tracks.emplace_back(t.hidden ? QRectF() : QRectF(kMargin, y, w, kLabelHeight));
        if (!t.hidden)
            y += kLabelHeight + kTrackGap;
    }
    for (std::size_t i = 0; i < m_markers.size(); ++i) {
        b.markers.emplace_back(kMargin, y, w, kMarkerHeight);
        y += kMarkerHeight + kTrackGap;
    }
    b.curves = QRectF(kMargin, y + 2, w, std::max(10.0, height() - y - 6));
    return b;
}

QSize TimelineWidget::sizeHint() const
{
    const QSize min = minimumSizeHint();
    return {800, min.height() + 60};
}

QSize TimelineWidget::minimumSizeHint() const
{
    int rows = 0;
    for (const Track& t : m_tracks)
        rows += t.hidden ? 0 : 1;
    return {200, kRulerHeight + std::max(rows, 1) * (kLabelHeight + kTrackGap) +
                     int(m_markers.size()) * (kMarkerHeight + kTrackGap) + 66};
}

int TimelineWidget::trackY(int track) const
{
    const Bands b = bands();
    if (track < 0 || std::size_t(track) >= b.tracks.size() || b.tracks[std::size_t(track)].isNull())
        return -1;
    return int(b.tracks[std::size_t(track)].center().y());
}

int TimelineWidget::trackAt(double y) const
{
    const Bands b = bands();
    for (std::size_t i = 0; i < b.tracks.size(); ++i)
        if (!b.tracks[i].isNull() && y >= b.tracks[i].top() && y < b.tracks[i].bottom())
            return int(i);
    return -1;
}

void TimelineWidget::renderStatic()
{
    const qreal dpr = devicePixelRatioF();
    m_static = QImage(size() * dpr, QImage::Format_RGB32);
    m_static.setDevicePixelRatio(dpr);
    QPainter p(&m_static);
    p.fillRect(rect(), QColor(32, 34, 38));
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    p.setFont(small);
    const Bands b = bands();
    drawRuler(p);
    drawTracks(p, b);
    drawMarkers(p, b);
    drawCurves(p, b);
    if (m_loop) {
        const double x0 = xForTime(m_loop->first), x1 = xForTime(m_loop->second);
        p.fillRect(QRectF(x0, kRulerHeight, x1 - x0, height() - kRulerHeight), QColor(255, 255, 255, 28));
        p.setPen(QPen(QColor(255, 255, 255, 120), 1, Qt::DashLine));
        p.drawLine(QPointF(x0, kRulerHeight), QPointF(x0, height()));
        p.drawLine(QPointF(x1, kRulerHeight), QPointF(x1, height()));
    }
    m_dirty = false;
}

void TimelineWidget::drawRuler(QPainter& p) const
{
    const double secondsVisible = nsToSeconds(m_viewEnd - m_viewStart);
    const double tick = niceTick(secondsVisible / std::max(1.0, width() / 90.0));
    p.setPen(QColor(220, 222, 226));
    const double first = std::ceil(nsToSeconds(m_viewStart - m_start) / tick) * tick;
    for (double s = first; s <= nsToSeconds(m_viewEnd - m_start) + 1e-9; s += tick) {
        const double x = xForTime(m_start + secondsToNs(s));
        p.drawLine(QPointF(x, kRulerHeight - 6), QPointF(x, kRulerHeight));
        const int minutes = int(s / 60);
        const QString text =
            tick >= 1 ? QStringLiteral("%1:%2").arg(minutes).arg(int(std::fmod(s, 60.0)), 2, 10, QLatin1Char('0'))
                      : QStringLiteral("%1").arg(s, 0, 'f', 1);
        p.drawText(QPointF(x + 2, kRulerHeight - 8), text);
    }
}

void TimelineWidget::drawTracks(QPainter& p, const Bands& b) const
{
    for (std::size_t ti = 0; ti < m_tracks.size(); ++ti) {
        const Track& track = m_tracks[ti];
        const QRectF row = b.tracks[ti];
        if (row.isNull())
            continue;
        p.fillRect(row, int(ti) == m_activeTrack ? QColor(58, 62, 70) : QColor(45, 48, 54));
        for (std::size_t si = 0; si < track.segments.size(); ++si) {
            const LabelSegment& seg = track.segments[si];
            if (seg.end_ns < m_viewStart || seg.start_ns > m_viewEnd)
                continue;
            const double x0 = std::max(row.left(), xForTime(seg.start_ns));
            const double x1 = std::min(row.right(), xForTime(seg.end_ns));
            const QRectF r(x0, row.top(), std::max(1.0, x1 - x0), row.height());
            const auto c = track.colours.find(seg.label);
            QColor colour = c == track.colours.end() ? labelColour(seg.label, {}) : c->second;
            if (seg.confidence)
                colour.setAlphaF(0.35 + 0.65 * std::clamp(*seg.confidence, 0.0, 1.0));
            p.fillRect(r, colour);
            p.setPen(Qt::black);
            p.drawText(
                r.adjusted(3, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft,
                p.fontMetrics().elidedText(QString::fromStdString(seg.label), Qt::ElideRight, int(r.width() - 4)));
            if (m_selection == std::make_pair(int(ti), int(si))) {
                p.setPen(QPen(Qt::white, 2));
                p.drawRect(r.adjusted(1, 1, -1, -1));
            }
        }
        if (track.locked)
            p.fillRect(row, QBrush(QColor(0, 0, 0, 90), Qt::BDiagPattern));
        // The track's name in a box at the row's right end (the left end is where a session starts).
        const QString name = track.locked ? tr("%1 (locked)").arg(track.name) : track.name;
        if (!name.isEmpty()) {
            const double w = p.fontMetrics().horizontalAdvance(name) + 8;
            const QRectF box(row.right() - w, row.top() + 2, w, row.height() - 4);
            p.fillRect(box, QColor(20, 22, 26, 200));
            p.setPen(int(ti) == m_activeTrack ? QColor(255, 255, 255) : QColor(170, 172, 176));
            p.drawText(box, Qt::AlignCenter, name);
        }
    }
}

void TimelineWidget::drawMarkers(QPainter& p, const Bands& b) const
{
    for (std::size_t mi = 0; mi < m_markers.size(); ++mi) {
        const MarkerTrack& m = m_markers[mi];
        const QRectF row = b.markers[mi];
        p.fillRect(row, QColor(38, 40, 46));
        p.setPen(QPen(m.colour, 0));
        const auto from = std::lower_bound(m.times.begin(), m.times.end(), m_viewStart);
        for (auto it = from; it != m.times.end() && *it <= m_viewEnd; ++it) {
            const double x = xForTime(*it);
            p.drawLine(QPointF(x, row.top() + 1), QPointF(x, row.bottom() - 1));
        }
        p.setPen(QColor(170, 172, 176));
        p.drawText(row.adjusted(0, -2, -2, 2), Qt::AlignRight | Qt::AlignVCenter, m.name);
    }
}

void TimelineWidget::drawCurves(QPainter& p, const Bands& b) const
{
    const QRectF band = b.curves;
    p.fillRect(band, QColor(24, 26, 30));
    // One scale per unit: the rounded-up maximum of that unit's curves.
    std::vector<QString> units;
    std::vector<double> tops;
    for (const auto& c : m_curves) {
        float top = 0;
        for (float v : c.values)
            if (std::isfinite(v))
                top = std::max(top, v);
        const auto it = std::find(units.begin(), units.end(), c.unit);
        if (it == units.end()) {
            units.push_back(c.unit);
            tops.push_back(top);
        } else {
            tops[std::size_t(it - units.begin())] = std::max(tops[std::size_t(it - units.begin())], double(top));
        }
    }
    std::vector<double> steps(units.size());
    for (std::size_t u = 0; u < units.size(); ++u) {
        // At most four steps, and at least 16 px between tick labels.
        const double divisions = std::clamp(std::floor(band.height() / 16.0), 1.0, 4.0);
        steps[u] = niceStep(std::max(tops[u], 1e-6) / divisions);
        tops[u] = std::max(1.0, std::ceil(tops[u] / steps[u])) * steps[u];
    }
    // Scales: the first unit on the left, the second on the right, with faint grid lines.
    for (std::size_t u = 0; u < std::min<std::size_t>(units.size(), 2); ++u) {
        for (double v = 0; v <= tops[u] + 1e-9; v += steps[u]) {
            const double y = band.bottom() - band.height() * v / tops[u];
            if (u == 0) {
                p.setPen(QColor(255, 255, 255, 22));
                p.drawLine(QPointF(band.left(), y), QPointF(band.right(), y));
            }
            p.setPen(QColor(200, 202, 206));
            const QString text = units[u].isEmpty() ? QString::number(v, 'g', 3)
                                                    : QStringLiteral("%1 %2").arg(v, 0, 'g', 3).arg(units[u]);
            // Centred on its line, kept inside the band.
            const QRectF box(band.left() + 2, std::clamp(y - 6, band.top(), band.bottom() - 12), band.width() - 4, 12);
            p.drawText(box, (u == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter, text);
        }
    }
    double legendX = band.left() + 70;
    for (const auto& c : m_curves) {
        if (c.times.empty() || c.times.size() != c.values.size())
            continue;
        const double top = tops[std::size_t(std::find(units.begin(), units.end(), c.unit) - units.begin())];
        // One min/max pair per pixel column keeps this cheap for hour-long sessions.
        const int w = std::max(1, int(band.width()));
        std::vector<float> lo(std::size_t(w), INFINITY), hi(std::size_t(w), -INFINITY);
        const auto from = std::lower_bound(c.times.begin(), c.times.end(), m_viewStart) - c.times.begin();
        const auto to = std::upper_bound(c.times.begin(), c.times.end(), m_viewEnd) - c.times.begin();
        for (auto i = from; i < to; ++i) {
            const float v = c.values[std::size_t(i)];
            if (!std::isfinite(v))
                continue;
            const int col = std::clamp(int(xForTime(c.times[std::size_t(i)]) - band.left()), 0, w - 1);
            lo[std::size_t(col)] = std::min(lo[std::size_t(col)], v);
            hi[std::size_t(col)] = std::max(hi[std::size_t(col)], v);
        }
        QPainterPath path;
        bool started = false;
        for (int col = 0; col < w; ++col) {
            if (!std::isfinite(lo[std::size_t(col)]))
                continue;
            const double yLo = band.bottom() - band.height() * double(lo[std::size_t(col)]) / top;
            const double yHi = band.bottom() - band.height() * double(hi[std::size_t(col)]) / top;
            const double x = band.left() + col;
            if (!started) {
                path.moveTo(x, yHi);
                started = true;
            } else {
                path.lineTo(x, yHi);
            }
            if (yLo != yHi)
                path.lineTo(x, yLo);
        }
        // A cosmetic 1-pixel pen: stroking a wide pen over thousands of overlapping segments made
        // every frame of playback cost ~0.3 s.
        QPen pen(c.colour, 0);
        pen.setCosmetic(true);
        p.setPen(pen);
        p.drawPath(path);
        p.setPen(c.colour);
        const QString legend = c.unit.isEmpty() ? c.name : QStringLiteral("%1 [%2]").arg(c.name, c.unit);
        p.drawText(QPointF(legendX, band.top() + 12), legend);
        legendX += p.fontMetrics().horizontalAdvance(legend) + 14;
    }
}

void TimelineWidget::resizeEvent(QResizeEvent*) { m_dirty = true; }

void TimelineWidget::paintEvent(QPaintEvent*)
{
    if (m_dirty || m_static.size() != size() * devicePixelRatioF())
        renderStatic();
    QPainter p(this);
    p.drawImage(0, 0, m_static);
    const Bands b = bands();
    const auto ghost = [&](int track, TimeNs from, TimeNs to) {
        if (track < 0 || std::size_t(track) >= b.tracks.size() || b.tracks[std::size_t(track)].isNull())
            return;
        const QRectF row = b.tracks[std::size_t(track)];
        const double x0 = xForTime(std::min(from, to)), x1 = xForTime(std::max(from, to));
        const QRectF r(x0, row.top(), std::max(1.0, x1 - x0), row.height());
        p.fillRect(r, QColor(255, 255, 255, 70));
        p.setPen(QPen(Qt::white, 1, Qt::DashLine));
        p.drawRect(r);
    };
    if (m_preview)
        ghost(m_dragTrack, m_preview->first, m_preview->second);
    if (m_pending)
        ghost(m_pending->first, m_pending->second, m_cursor);
    const double x = xForTime(m_cursor);
    p.setPen(QPen(QColor(255, 70, 70), 2));
    p.drawLine(QPointF(x, 0), QPointF(x, height()));
}

} // namespace insolepose
