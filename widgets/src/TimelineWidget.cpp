#include "insolepose/widgets/TimelineWidget.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace insolepose {
namespace {

constexpr int kRulerHeight = 20;
constexpr int kLabelHeight = 22;
constexpr int kMargin = 6;

double niceTick(double seconds)
{
    for (double t : {0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0})
        if (t >= seconds)
            return t;
    return 7200.0;
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
    m_dirty = true;
    m_segments = std::move(segments);
    m_vocabulary = std::move(vocabulary);
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

void TimelineWidget::renderStatic()
{
    const qreal dpr = devicePixelRatioF();
    m_static = QImage(size() * dpr, QImage::Format_RGB32);
    m_static.setDevicePixelRatio(dpr);
    QPainter p(&m_static);
    p.fillRect(rect(), QColor(32, 34, 38));
    const QColor ink(220, 222, 226);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    p.setFont(small);

    // Ruler.
    const double secondsVisible = nsToSeconds(m_viewEnd - m_viewStart);
    const double tick = niceTick(secondsVisible / std::max(1.0, width() / 90.0));
    p.setPen(ink);
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

    // Labels.
    const QRectF labelBand(kMargin, kRulerHeight + 2, width() - 2 * kMargin, kLabelHeight);
    p.fillRect(labelBand, QColor(45, 48, 54));
    for (const auto& seg : m_segments) {
        if (seg.end_ns < m_viewStart || seg.start_ns > m_viewEnd)
            continue;
        const double x0 = std::max(labelBand.left(), xForTime(seg.start_ns));
        const double x1 = std::min(labelBand.right(), xForTime(seg.end_ns));
        const QRectF r(x0, labelBand.top(), std::max(1.0, x1 - x0), labelBand.height());
        p.fillRect(r, labelColour(seg.label, m_vocabulary));
        p.setPen(Qt::black);
        p.drawText(r.adjusted(3, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft,
                   p.fontMetrics().elidedText(QString::fromStdString(seg.label), Qt::ElideRight, int(r.width() - 4)));
    }

    // Curves.
    const QRectF curveBand(kMargin, labelBand.bottom() + 4, width() - 2 * kMargin, height() - labelBand.bottom() - 8);
    p.fillRect(curveBand, QColor(24, 26, 30));
    double legendX = curveBand.left() + 4;
    for (const auto& c : m_curves) {
        if (c.times.empty() || c.times.size() != c.values.size())
            continue;
        float top = 0;
        for (float v : c.values)
            if (std::isfinite(v))
                top = std::max(top, v);
        if (top <= 0)
            top = 1;
        // One min/max pair per pixel column keeps this cheap for hour-long sessions.
        const int w = int(curveBand.width());
        std::vector<float> lo(std::size_t(std::max(1, w)), INFINITY), hi(std::size_t(std::max(1, w)), -INFINITY);
        const auto from = std::lower_bound(c.times.begin(), c.times.end(), m_viewStart) - c.times.begin();
        const auto to = std::upper_bound(c.times.begin(), c.times.end(), m_viewEnd) - c.times.begin();
        for (auto i = from; i < to; ++i) {
            const float v = c.values[std::size_t(i)];
            if (!std::isfinite(v))
                continue;
            const int col = std::clamp(int(xForTime(c.times[std::size_t(i)]) - curveBand.left()), 0, w - 1);
            lo[std::size_t(col)] = std::min(lo[std::size_t(col)], v);
            hi[std::size_t(col)] = std::max(hi[std::size_t(col)], v);
        }
        QPainterPath path;
        bool started = false;
        for (int col = 0; col < w; ++col) {
            if (!std::isfinite(lo[std::size_t(col)]))
                continue;
            const double yLo = curveBand.bottom() - curveBand.height() * double(lo[std::size_t(col)] / top);
            const double yHi = curveBand.bottom() - curveBand.height() * double(hi[std::size_t(col)] / top);
            const double x = curveBand.left() + col;
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
        const QString legend = QStringLiteral("%1 (max %2)").arg(c.name).arg(double(top), 0, 'g', 3);
        p.drawText(QPointF(legendX, curveBand.top() + 12), legend);
        legendX += p.fontMetrics().horizontalAdvance(legend) + 14;
    }

    // Loop range and playhead.
    if (m_loop) {
        const double x0 = xForTime(m_loop->first), x1 = xForTime(m_loop->second);
        p.fillRect(QRectF(x0, kRulerHeight, x1 - x0, height() - kRulerHeight), QColor(255, 255, 255, 28));
        p.setPen(QPen(QColor(255, 255, 255, 120), 1, Qt::DashLine));
        p.drawLine(QPointF(x0, kRulerHeight), QPointF(x0, height()));
        p.drawLine(QPointF(x1, kRulerHeight), QPointF(x1, height()));
    }
    m_dirty = false;
}

void TimelineWidget::resizeEvent(QResizeEvent*) { m_dirty = true; }

void TimelineWidget::paintEvent(QPaintEvent*)
{
    if (m_dirty || m_static.size() != size() * devicePixelRatioF())
        renderStatic();
    QPainter p(this);
    p.drawImage(0, 0, m_static);
    const double x = xForTime(m_cursor);
    p.setPen(QPen(QColor(255, 70, 70), 2));
    p.drawLine(QPointF(x, 0), QPointF(x, height()));
}

void TimelineWidget::mousePressEvent(QMouseEvent* e)
{
    m_dragX = e->position().x();
    if (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier)) {
        m_drag = Drag::Loop;
        m_loopAnchor = timeAtX(m_dragX);
    } else if (e->button() == Qt::LeftButton) {
        m_drag = Drag::Seek;
        Q_EMIT seekRequested(timeAtX(m_dragX));
    } else {
        m_drag = Drag::Pan;
        m_dragViewStart = m_viewStart;
    }
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* e)
{
    const double x = e->position().x();
    switch (m_drag) {
    case Drag::Seek: Q_EMIT seekRequested(timeAtX(x)); break;
    case Drag::Loop: {
        const TimeNs t = timeAtX(x);
        if (t != m_loopAnchor)
            setLoop(std::make_pair(std::min(t, m_loopAnchor), std::max(t, m_loopAnchor)));
        break;
    }
    case Drag::Pan: {
        const double w = std::max(1, width() - 2 * kMargin);
        const auto shift = TimeNs((x - m_dragX) / w * double(m_viewEnd - m_viewStart));
        setView(m_dragViewStart - shift, m_dragViewStart - shift + (m_viewEnd - m_viewStart));
        break;
    }
    case Drag::None: break;
    }
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent*) { m_drag = Drag::None; }

void TimelineWidget::wheelEvent(QWheelEvent* e)
{
    zoom(std::pow(1.25, e->angleDelta().y() / 120.0), timeAtX(e->position().x()));
}

} // namespace insolepose
