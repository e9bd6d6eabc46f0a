#pragma once
// What live mode shows: the newest pressure frames with their centre-of-pressure trail, the live
// camera (or a note that none is connected, never the review session's video), the live load
// history in the timeline's place, the link health in the ground-truth row's place, the live
// predicted skeleton with the pose's lag, and the latency from a frame's arrival to its predicted
// pose on screen (the last pose's in the caption, the median of the recent ones in the status
// bar, both with the model's own time of the same poses). Reports no errors.
#include "insolepose/Skeleton.h"
#include "insolepose/Tactile.h"
#include "insolepose/Time.h"

#include <QCoreApplication>
#include <QString>

#include <deque>
#include <optional>
#include <utility>
#include <vector>

namespace insolepose {

class StudioPanels;
namespace live {
class LiveGroup;
class LiveSession;
} // namespace live
namespace model {
struct InferenceResult;
}

/// The model live mode runs and how far its pose lags behind the newest frame.
struct LiveModelInfo {
    bool valid = false; ///< False: no model at all.
    QString name; ///< E.g. "lite-live".
    int window = 0; ///< Frames per foot in one window.
    /// Frames between the newest frame of a window and the frame it predicts (docs/REFERENCE.md
    /// section 3): 0 for a causal model, 20 for a 40-frame window's centre frame.
    int lagFrames = 0;
    QString note; ///< Why this model (e.g. the causal one was not found), empty if nothing to say.
};

/// Draws live mode into the studio's panels; LiveController feeds it.
class LiveDisplay {
    Q_DECLARE_TR_FUNCTIONS(LiveDisplay)

public:
    /// One predicted pose shown: how long from the newest frame's arrival to the screen, and the
    /// model's forward pass for that same pose.
    struct PoseTiming {
        double arrivalToScreen_ms = 0, model_ms = 0;
    };
    /// Seconds of load history shown in the timeline's place.
    static constexpr double kHistorySeconds = 20.0;
    /// Poses the status bar's medians are taken over.
    static constexpr std::size_t kMedianPoses = 20;

    explicit LiveDisplay(StudioPanels& panels) : m_panels(panels) {}

    /// Live mode starts: live views, no review data.
    void enter(const QString& url, const LiveModelInfo& model);
    /// Live mode ends: review mode's views come back (the caller redraws the session).
    void leave();
    bool isShown() const { return m_shown; }

    /// New frames of the first pair arrived: pressure maps, trail, camera, load history.
    void showFrames(live::LiveSession& live);
    /// A pair's prediction arrived (`placed`: where its person stands); its latency is measured
    /// when the view has painted it (posePainted).
    void showPrediction(int pair, const model::InferenceResult& result, const Pose& placed, qint64 newestArrival_ns);
    /// The prediction view painted: returns true when it showed a new live pose (timed).
    bool posePainted();
    /// Twice a second: link health, toolbar time, load history.
    void refresh(const live::LiveGroup& group);

    const std::vector<PoseTiming>& timings() const { return m_timings; }
    /// "pose of the newest frame" / "pose 20 frames (1.4 s) behind the newest" at `rate_hz`.
    QString lagText(double rate_hz) const;
    /// The status bar's latency field: medians of the last kMedianPoses poses.
    QString medianLatencyText() const;
    /// The link health shown in the ground-truth row's place (plain text, one line per item).
    QString healthText(const live::LiveGroup& group) const;

private:
    void updateCaption();
    void updateHistory();

    StudioPanels& m_panels;
    bool m_shown = false;
    LiveModelInfo m_model;
    std::vector<std::optional<Pose>> m_placed; ///< The newest placed pose of each pair.
    double m_rate_hz = 0;
    TimeNs m_connected_ns = 0;
    qint64 m_pendingArrival_ns = 0;
    double m_pendingModel_ms = 0;
    std::vector<PoseTiming> m_timings;
    FootPair<std::deque<std::pair<double, double>>> m_trail; ///< Last centres of pressure (col, row).
    FootPair<TimeNs> m_lastFrame_ns{};
    FootPair<std::deque<std::pair<TimeNs, float>>> m_load; ///< (arrival, load) of the last seconds.
};

} // namespace insolepose
