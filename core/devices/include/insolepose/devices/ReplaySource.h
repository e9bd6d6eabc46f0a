#pragma once
// Replays the tactile frames of a recorded session as if they came from the boards: a worker for
// its own thread (DeviceThread). Errors (a session that cannot be opened) are reported once.
#include "insolepose/devices/InsoleSource.h"

#include <array>
#include <filesystem>
#include <memory>

class QTimer;

namespace insolepose {
class Session;
}

namespace insolepose::devices {

/// Plays the tactile frames of a recorded session at `speed` times real time (host timestamps
/// are the replay's; device timestamps keep the recording's times).
class ReplaySource : public InsoleSource {
    Q_OBJECT
public:
    ReplaySource(std::filesystem::path session, double speed, bool loop, std::shared_ptr<FrameQueue> queue,
                 QObject* parent = nullptr);
    ~ReplaySource() override;
public Q_SLOTS:
    void start() override;
    void stop() override;

private:
    void tick();
    std::filesystem::path m_path;
    double m_speed;
    bool m_loop;
    std::unique_ptr<Session> m_session;
    QTimer* m_timer = nullptr;
    FootPair<std::size_t> m_next;
    TimeNs m_startHost_ns = 0;
    TimeNs m_startSession_ns = 0;
};

} // namespace insolepose::devices
