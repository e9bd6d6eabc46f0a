#pragma once
// The studio's main window: opens a session folder and, at a time cursor, shows the left and
// right pressure heatmaps, the ground-truth skeleton and the predicted skeleton. Errors from
// opening a session are shown in the window (status bar and a non-blocking message box).
#include "insolepose/Time.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class QLabel;
class QSlider;

namespace insolepose {

class HeatmapWidget;
class Session;
class SkeletonView;

class StudioWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit StudioWindow(QWidget* parent = nullptr);
    ~StudioWindow() override;

    /// Opens a session; on failure keeps the current one, shows the error and returns false.
    bool openSession(const QString& folder);
    const Session* session() const { return m_session.get(); }
    TimeNs cursor_ns() const { return m_cursor_ns; }
    void setCursor(TimeNs t_ns);

    HeatmapWidget* heatmap(int foot) const { return m_heatmaps[foot]; }
    SkeletonView* groundTruthView() const { return m_gtView; }
    SkeletonView* predictionView() const { return m_predView; }
    /// The last error shown, empty if none.
    const QString& lastError() const { return m_lastError; }

Q_SIGNALS:
    void sessionOpened(const QString& folder);
    void cursorChanged(qint64 t_ns);

private:
    void showAtCursor();
    void chooseSession();

    std::unique_ptr<Session> m_session;
    TimeNs m_cursor_ns = 0;
    TimeNs m_start_ns = 0;
    HeatmapWidget* m_heatmaps[2] = {nullptr, nullptr};
    SkeletonView* m_gtView = nullptr;
    SkeletonView* m_predView = nullptr;
    QLabel* m_predTitle = nullptr;
    QSlider* m_slider = nullptr;
    QLabel* m_timeLabel = nullptr;
    QString m_lastError;
};

} // namespace insolepose
