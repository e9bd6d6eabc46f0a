#pragma once
// The session timeline: a time ruler, the playhead, the action label track, the per-frame error
// curve (ground truth vs prediction) and total-force curves for both feet, with a loop range.
// Wheel zooms around the mouse, right or middle drag pans, left click or drag seeks, Shift+drag
// sets the loop range. Reports no errors; empty curves are simply not drawn.
#include "insolepose/Labels.h"
#include "insolepose/Time.h"

#include <QColor>
#include <QImage>
#include <QWidget>

#include <optional>
#include <utility>
#include <vector>

namespace insolepose {

class TimelineWidget : public QWidget {
    Q_OBJECT
public:
    struct Curve {
        QString name;
        QColor colour;
        std::vector<TimeNs> times;
        std::vector<float> values;
    };

    explicit TimelineWidget(QWidget* parent = nullptr);

    void setRange(TimeNs start_ns, TimeNs end_ns);
    void setLabels(std::vector<LabelSegment> segments, std::vector<std::string> vocabulary);
    /// Curves drawn in the lower band; each is scaled to its own maximum.
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
    static QColor labelColour(const std::string& label, const std::vector<std::string>& vocabulary);

    QSize sizeHint() const override { return {800, 150}; }
    QSize minimumSizeHint() const override { return {200, 110}; }

Q_SIGNALS:
    void seekRequested(qint64 t_ns);
    void loopChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    /// Everything but the playhead, drawn once per change of view, data or size (playback only
    /// moves the playhead, so a frame costs one image copy).
    void renderStatic();
    QImage m_static;
    bool m_dirty = true;
    TimeNs m_start = 0, m_end = 1, m_viewStart = 0, m_viewEnd = 1, m_cursor = 0;
    std::vector<LabelSegment> m_segments;
    std::vector<std::string> m_vocabulary;
    std::vector<Curve> m_curves;
    std::optional<std::pair<TimeNs, TimeNs>> m_loop;
    enum class Drag { None, Seek, Pan, Loop } m_drag = Drag::None;
    double m_dragX = 0;
    TimeNs m_dragViewStart = 0, m_loopAnchor = 0;
};

} // namespace insolepose
