#pragma once
// The session timeline: a time ruler, the playhead, label tracks (one row each, with names,
// colours, hidden and locked state and the selected segment), read-only marker tracks (e.g. gait
// events), the per-frame curves (load, error) with a y scale per unit, and a loop range.
// Wheel zooms around the mouse, right or middle drag pans, Shift+drag sets the loop range. A left
// click seeks (and on a track selects the segment under the mouse); a left drag on a track that
// is not locked asks for a new segment (on an empty part), a move (inside a segment) or a resize
// (on an edge), snapped to frames, segment edges and markers and clamped so that segments never
// overlap. The widget never changes labels itself: it emits requests and shows what it is given.
// Reports no errors; empty curves are simply not drawn.
#include "insolepose/Labels.h"
#include "insolepose/Time.h"

#include <QColor>
#include <QImage>
#include <QWidget>

#include <map>
#include <optional>
#include <utility>
#include <vector>

class QPainter;

namespace insolepose {

class TimelineWidget : public QWidget {
    Q_OBJECT
public:
    struct Curve {
        QString name;
        QColor colour;
        std::vector<TimeNs> times;
        std::vector<float> values;
        /// Curves with the same unit share one scale; the first unit's scale is drawn on the left,
        /// the second's on the right.
        QString unit{};
    };
    /// One label track as the timeline shows it.
    struct Track {
        QString name;
        std::vector<LabelSegment> segments; ///< Sorted by start.
        std::map<std::string, QColor> colours{}; ///< Per label; others get labelColour(label, {}).
        bool hidden = false; ///< Not drawn (keeps its index).
        bool locked = false; ///< Drawn, but no drag edits it.
    };
    /// Read-only instants (e.g. heel strikes) drawn as ticks in a thin row; edits snap to them.
    struct MarkerTrack {
        QString name;
        QColor colour;
        std::vector<TimeNs> times;
    };

    explicit TimelineWidget(QWidget* parent = nullptr);

    void setRange(TimeNs start_ns, TimeNs end_ns);
    /// One unnamed track with these segments (a convenience for read-only use).
    void setLabels(std::vector<LabelSegment> segments, std::vector<std::string> vocabulary);
    void setLabelTracks(std::vector<Track> tracks);
    const std::vector<Track>& labelTracks() const { return m_tracks; }
    void setMarkerTracks(std::vector<MarkerTrack> markers);
    /// Frame times edits snap to (sorted), e.g. of the stream the clock steps along.
    void setSnapTimes(std::vector<TimeNs> times_ns);
    /// The selected segment (track, index), or none; does not emit selectionChanged.
    void setSelection(std::optional<std::pair<int, int>> selection);
    std::optional<std::pair<int, int>> selection() const { return m_selection; }
    /// The track new segments go to (highlighted); does not emit trackActivated.
    void setActiveTrack(int track);
    int activeTrack() const { return m_activeTrack; }
    /// A segment being recorded with a label's hotkey: drawn from start to the cursor.
    void setPendingSegment(std::optional<std::pair<int, TimeNs>> trackAndStart);
    /// Curves drawn in the lower band.
    void setCurves(std::vector<Curve> curves);
    void setCursor(TimeNs t_ns);
    void setLoop(std::optional<std::pair<TimeNs, TimeNs>> loop);
    std::optional<std::pair<TimeNs, TimeNs>> loop() const { return m_loop; }
    /// The visible part of the session.
    std::pair<TimeNs, TimeNs> view() const { return {m_viewStart, m_viewEnd}; }
    void setView(TimeNs start_ns, TimeNs end_ns);
    void zoom(double factor, TimeNs around_ns);
    TimeNs timeAtX(double x) const;
    double xForTime(TimeNs t) const;
    /// The vertical middle of a label track's row (for tests and screenshots); -1 when hidden.
    int trackY(int track) const;
    static QColor labelColour(const std::string& label, const std::vector<std::string>& vocabulary);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void seekRequested(qint64 t_ns);
    void loopChanged();
    void segmentCreateRequested(int track, qint64 start_ns, qint64 end_ns);
    void segmentChangeRequested(int track, int index, qint64 start_ns, qint64 end_ns);
    /// A click on a track: the segment under the mouse (index -1: none).
    void selectionChanged(int track, int index);
    void trackActivated(int track);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    enum class Drag { None, Seek, Pan, Loop, Create, Move, ResizeStart, ResizeEnd };
    struct Bands;
    Bands bands() const;
    /// The label track whose row contains y, or -1.
    int trackAt(double y) const;
    /// `t` moved to the nearest snap target within a few pixels (markers, segment edges, frames).
    TimeNs snap(TimeNs t, int ignoreTrack, int ignoreIndex) const;
    /// The free interval around t in a track (between neighbours), leaving out `ignore`.
    std::pair<TimeNs, TimeNs> freeRange(int track, TimeNs t, int ignore) const;
    /// The segment the current drag would produce.
    std::pair<TimeNs, TimeNs> dragResult(double x) const;
    void beginTrackDrag(int track, double x);
    void finishTrackDrag(double x);
    /// Everything but the playhead and the drag preview, drawn once per change of view, data or
    /// size (playback only moves the playhead, so a frame costs one image copy).
    void renderStatic();
    void drawRuler(QPainter& p) const;
    void drawTracks(QPainter& p, const Bands& b) const;
    void drawMarkers(QPainter& p, const Bands& b) const;
    void drawCurves(QPainter& p, const Bands& b) const;
    QImage m_static;
    bool m_dirty = true;
    TimeNs m_start = 0, m_end = 1, m_viewStart = 0, m_viewEnd = 1, m_cursor = 0;
    std::vector<Track> m_tracks;
    std::vector<MarkerTrack> m_markers;
    std::vector<TimeNs> m_snapTimes;
    std::optional<std::pair<int, int>> m_selection;
    std::optional<std::pair<int, TimeNs>> m_pending;
    int m_activeTrack = 0;
    std::vector<Curve> m_curves;
    std::optional<std::pair<TimeNs, TimeNs>> m_loop;
    Drag m_drag = Drag::None;
    double m_dragX = 0;
    bool m_dragMoved = false;
    int m_dragTrack = -1, m_dragIndex = -1;
    TimeNs m_dragViewStart = 0, m_loopAnchor = 0;
    std::optional<std::pair<TimeNs, TimeNs>> m_preview; ///< The dragged segment as it would be.
};

} // namespace insolepose
