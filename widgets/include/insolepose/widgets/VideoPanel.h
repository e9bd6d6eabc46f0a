#pragma once
// The session's cameras in a grid, each showing the frame whose timestamp is the latest at or
// before the cursor (per-frame timestamps, so the picture is frame-accurate). Decoding happens on
// one worker thread per camera: the newest request wins, a small cache answers repeats, and the
// UI thread never waits for a decoder. Errors (missing or unreadable video) show in the tile.
// With the overlay on, the ground-truth skeleton at the cursor is projected into every camera that
// has XRMoCap camera parameters (pinhole, no lens distortion) and drawn over its picture.
#include "insolepose/Time.h"

#include <QImage>
#include <QPointF>
#include <QWidget>

#include <memory>
#include <vector>

namespace insolepose {

class Session;
struct CameraProjection;
class VideoTile;
class VideoDecoder;

class VideoPanel : public QWidget {
    Q_OBJECT
public:
    explicit VideoPanel(QWidget* parent = nullptr);
    ~VideoPanel() override;

    /// Shows the cameras of `session` (nullptr: none). The session must outlive the panel's use.
    void setSession(const Session* session);
    /// Requests the frames for time t on every camera.
    void showTime(TimeNs t_ns);
    int cameraCount() const { return int(m_tiles.size()); }
    /// The frame number each camera should show at the last requested time (-1: none) and the
    /// one it shows now.
    qint64 wantedFrame(int camera) const;
    qint64 shownFrame(int camera) const;
    QImage shownImage(int camera) const;
    /// Live mode: shows `image` in the first tile with `caption` (no session decoding).
    void showLiveImage(const QImage& image, const QString& caption);

    /// Draws the projected ground-truth skeleton over the cameras (also in the panel's context menu).
    void setOverlayEnabled(bool on);
    bool overlayEnabled() const { return m_overlay; }
    QAction* overlayAction() const { return m_overlayAction; }
    /// The keypoints drawn on `camera` now, in the camera's image pixels (empty: no overlay).
    std::vector<QPointF> overlayPoints(int camera) const;

Q_SIGNALS:
    /// A camera now shows frame `index`.
    void frameShown(int camera, qint64 index);

private:
    void onDecoded(int camera, qint64 index, const QImage& image);
    void updateOverlay(TimeNs t_ns);

    const Session* m_session = nullptr;
    std::vector<VideoTile*> m_tiles;
    std::vector<std::unique_ptr<VideoDecoder>> m_decoders;
    std::vector<qint64> m_wanted;
    std::vector<CameraProjection> m_projections;
    QAction* m_overlayAction = nullptr;
    bool m_overlay = false;
    TimeNs m_lastTime_ns = 0;
};

} // namespace insolepose
