// TimelineWidget: the mouse (seek, pan, loop, and label edits: create, move, resize, select), with
// snapping and clamping; the widget only emits requests.
#include "TimelineLayout.h"
#include "insolepose/widgets/TimelineWidget.h"

#include <QMouseEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace insolepose {

using namespace timeline;

std::pair<TimeNs, TimeNs> TimelineWidget::freeRange(int track, TimeNs t, int ignore) const
{
    TimeNs lo = m_start, hi = m_end;
    const auto& segments = m_tracks[std::size_t(track)].segments;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (int(i) == ignore)
            continue;
        if (segments[i].end_ns <= t)
            lo = std::max(lo, segments[i].end_ns);
        else if (segments[i].start_ns >= t)
            hi = std::min(hi, segments[i].start_ns);
    }
    return {lo, hi};
}

TimeNs TimelineWidget::snap(TimeNs t, int ignoreTrack, int ignoreIndex) const
{
    const auto reach = TimeNs(kSnapPx * double(m_viewEnd - m_viewStart) / std::max(1, width() - 2 * kMargin));
    std::optional<TimeNs> best;
    const auto consider = [&](TimeNs c) {
        if (std::abs(c - t) <= reach && (!best || std::abs(c - t) < std::abs(*best - t)))
            best = c;
    };
    for (const MarkerTrack& m : m_markers)
        for (TimeNs c : m.times)
            consider(c);
    for (std::size_t ti = 0; ti < m_tracks.size(); ++ti)
        for (std::size_t si = 0; si < m_tracks[ti].segments.size(); ++si)
            if (!m_tracks[ti].hidden && !(int(ti) == ignoreTrack && int(si) == ignoreIndex)) {
                consider(m_tracks[ti].segments[si].start_ns);
                consider(m_tracks[ti].segments[si].end_ns);
            }
    if (best)
        return *best;
    // Else the nearest frame.
    const auto it = std::lower_bound(m_snapTimes.begin(), m_snapTimes.end(), t);
    if (it != m_snapTimes.end())
        consider(*it);
    if (it != m_snapTimes.begin())
        consider(*std::prev(it));
    return best.value_or(t);
}

std::pair<TimeNs, TimeNs> TimelineWidget::dragResult(double x) const
{
    const TimeNs anchor = timeAtX(m_dragX), t = timeAtX(x);
    if (m_drag == Drag::Create) {
        const auto [lo, hi] = freeRange(m_dragTrack, anchor, -1);
        const TimeNs a = std::clamp(snap(anchor, -1, -1), lo, hi), b = std::clamp(snap(t, -1, -1), lo, hi);
        return {std::min(a, b), std::max(a, b)};
    }
    const LabelSegment& seg = m_tracks[std::size_t(m_dragTrack)].segments[std::size_t(m_dragIndex)];
    const auto [lo, hi] = freeRange(m_dragTrack, seg.start_ns, m_dragIndex);
    switch (m_drag) {
    case Drag::Move: {
        const TimeNs length = seg.end_ns - seg.start_ns;
        const TimeNs start = snap(seg.start_ns + (t - anchor), m_dragTrack, m_dragIndex);
        const TimeNs clamped = std::clamp(start, lo, std::max(lo, hi - length));
        return {clamped, clamped + length};
    }
    case Drag::ResizeStart:
        return {std::clamp(snap(t, m_dragTrack, m_dragIndex), lo, seg.end_ns - kMinSegment_ns), seg.end_ns};
    case Drag::ResizeEnd:
        return {seg.start_ns, std::clamp(snap(t, m_dragTrack, m_dragIndex), seg.start_ns + kMinSegment_ns, hi)};
    default: return {seg.start_ns, seg.end_ns};
    }
}

void TimelineWidget::beginTrackDrag(int track, double x)
{
    m_dragTrack = track;
    m_dragIndex = -1;
    m_dragMoved = false;
    m_drag = Drag::Seek; // a click; locked tracks only seek and select
    const auto& segments = m_tracks[std::size_t(track)].segments;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const double x0 = xForTime(segments[i].start_ns), x1 = xForTime(segments[i].end_ns);
        if (x >= x0 - kSnapPx && x <= x1 + kSnapPx && (m_dragIndex < 0 || (x >= x0 && x <= x1)))
            m_dragIndex = int(i);
    }
    if (m_dragIndex >= 0) {
        const double x0 = xForTime(segments[std::size_t(m_dragIndex)].start_ns);
        const double x1 = xForTime(segments[std::size_t(m_dragIndex)].end_ns);
        // Narrow segments: the nearer edge wins, and the middle third moves.
        const double reach = std::min<double>(kSnapPx, (x1 - x0) / 3);
        m_drag = std::abs(x - x0) <= reach   ? Drag::ResizeStart
                 : std::abs(x - x1) <= reach ? Drag::ResizeEnd
                                             : Drag::Move;
        if (x < x0 - 0.5 || x > x1 + 0.5)
            m_drag = std::abs(x - x0) < std::abs(x - x1) ? Drag::ResizeStart : Drag::ResizeEnd;
    } else {
        m_drag = Drag::Create;
    }
    if (m_tracks[std::size_t(track)].locked)
        m_drag = Drag::Seek;
    Q_EMIT trackActivated(track);
}

void TimelineWidget::finishTrackDrag(double x)
{
    if (!m_dragMoved || !m_preview) {
        // A click: select what is under the mouse and seek there.
        const TimeNs t = timeAtX(x);
        int index = -1;
        const auto& segments = m_tracks[std::size_t(m_dragTrack)].segments;
        for (std::size_t i = 0; i < segments.size(); ++i)
            if (segments[i].start_ns <= t && t < segments[i].end_ns)
                index = int(i);
        setSelection(index < 0 ? std::nullopt : std::optional(std::make_pair(m_dragTrack, index)));
        Q_EMIT selectionChanged(m_dragTrack, index);
        Q_EMIT seekRequested(t);
        return;
    }
    const auto [start, end] = *m_preview;
    if (m_drag == Drag::Create) {
        if (end - start >= kMinSegment_ns)
            Q_EMIT segmentCreateRequested(m_dragTrack, start, end);
    } else {
        Q_EMIT segmentChangeRequested(m_dragTrack, m_dragIndex, start, end);
    }
}

void TimelineWidget::mousePressEvent(QMouseEvent* e)
{
    m_dragX = e->position().x();
    m_preview.reset();
    const int track = trackAt(e->position().y());
    if (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier)) {
        m_drag = Drag::Loop;
        m_loopAnchor = timeAtX(m_dragX);
    } else if (e->button() == Qt::LeftButton && track >= 0) {
        beginTrackDrag(track, m_dragX);
    } else if (e->button() == Qt::LeftButton) {
        m_drag = Drag::Seek;
        m_dragTrack = -1;
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
    case Drag::Seek:
        if (m_dragTrack < 0)
            Q_EMIT seekRequested(timeAtX(x));
        break;
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
    case Drag::Create:
    case Drag::Move:
    case Drag::ResizeStart:
    case Drag::ResizeEnd:
        m_dragMoved = m_dragMoved || std::abs(x - m_dragX) >= kClickPx;
        if (m_dragMoved) {
            m_preview = dragResult(x);
            update();
        }
        break;
    case Drag::None: break;
    }
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* e)
{
    if (m_dragTrack >= 0 && m_drag != Drag::Pan && m_drag != Drag::Loop && m_drag != Drag::None) {
        if (m_dragMoved && m_drag != Drag::Seek)
            m_preview = dragResult(e->position().x());
        finishTrackDrag(e->position().x());
    }
    m_drag = Drag::None;
    m_dragTrack = -1;
    m_preview.reset();
    update();
}

void TimelineWidget::wheelEvent(QWheelEvent* e)
{
    zoom(std::pow(1.25, e->angleDelta().y() / 120.0), timeAtX(e->position().x()));
}

} // namespace insolepose
