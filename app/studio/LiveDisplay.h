#pragma once
// What live mode shows: the newest pressure frames with their centre-of-pressure trail, the live
// camera (or a note that none is connected, never the review session's video), the live load
// history in the timeline's place, the link health in the ground-truth row's place, the live
// predicted skeletons (one per pair, side by side) with the pose's lag, and the latency from a
// frame's arrival to its predicted pose on screen (the last pose's in the caption, the median of
// the recent ones in the status bar, both with the model's own time of the same poses). With
// several pairs a "Pair" selector above the pressure maps picks whose pressure maps, trail and
// load history are shown; every pair's trail and history are kept, so a switch shows the chosen
// pair's last seconds at once. Reports no errors.
#include "insolepose/Skeleton.h"
#include "insolepose/Tactile.h"
#include "insolepose/Time.h"
#include "insolepose/widgets/TimelineWidget.h"

#include <QCoreApplication>
#include <QString>

#include <deque>
#include <optional>
#include <utility>
#include <vector>

class QComboBox;
class QWidget;

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

    /// Adds the (hidden) pair selector above the pressure maps of `panels`.
    explicit LiveDisplay(StudioPanels& panels);
    ~LiveDisplay();
    LiveDisplay(const LiveDisplay&) = delete;
    LiveDisplay& operator=(const LiveDisplay&) = delete;

    /// Live mode starts: live views, no review data.
    void enter(const QString& url, const LiveModelInfo& model);
    /// Live mode ends: review mode's views come back (the caller redraws the session).
    void leave();
    bool isShown() const { return m_shown; }

    /// New frames of pair `pair` arrived: its trail and load history; the pressure maps when it is
    /// the pair shown; the camera (which records with the first pair) when it is pair 0.
    void showFrames(int pair, live::LiveSession& live);
    /// The pairs connected changed: the pair selector lists them (shown from two pairs on) and the
    /// caption says where each pair's skeleton stands.
    void setPairs(const live::LiveGroup& group);
    /// Shows pair `pair`'s pressure maps, trail and load history (the selector does this too).
    void showPair(int pair);
    /// The pair whose pressure is shown (0-based).
    int shownPair() const { return m_shownPair; }
    /// The (arrival time, load) of a pair's foot over the last kHistorySeconds; empty when unknown.
    const std::deque<std::pair<TimeNs, float>>& loadHistory(int pair, Foot foot) const;
    /// The normalised frame a pair's foot showed last (what its pressure map draws when shown).
    const std::vector<float>& latestFrame(int pair, Foot foot) const;
    /// The curves last handed to the load history (the shown pair's loads, left then right foot).
    const std::vector<TimelineWidget::Curve>& historyCurves() const { return m_historyCurves; }
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
    /// One pair's pressure: its newest frame per foot, centre-of-pressure trail and load history.
    struct PairPressure {
        FootPair<std::vector<float>> values;
        FootPair<GridSize> grid{};
        FootPair<QString> info;
        FootPair<std::deque<std::pair<double, double>>> trail; ///< Last centres of pressure (col, row).
        FootPair<TimeNs> lastFrame_ns{};
        FootPair<std::deque<std::pair<TimeNs, float>>> load; ///< (arrival, load) of the last seconds.
    };

    void updateCaption();
    void updateHistory();
    void drawPressure();
    PairPressure& pressureOf(int pair);

    StudioPanels& m_panels;
    bool m_shown = false;
    LiveModelInfo m_model;
    std::vector<std::optional<Pose>> m_placed; ///< The newest placed pose of each pair.
    double m_rate_hz = 0;
    TimeNs m_connected_ns = 0;
    qint64 m_pendingArrival_ns = 0;
    double m_pendingModel_ms = 0;
    std::vector<PoseTiming> m_timings;
    std::vector<PairPressure> m_pressure; ///< Per pair.
    std::vector<TimelineWidget::Curve> m_historyCurves;
    int m_pairCount = 0;
    int m_shownPair = 0;
    double m_spacing_m = 1.0; ///< Between neighbouring pairs' skeletons (LiveGroup's placement).
    QComboBox* m_pairSelector = nullptr; ///< Above the pressure maps (owned by the pressure dock).
    QWidget* m_pairBar = nullptr; ///< The selector with its label, shown from two pairs on.
};

} // namespace insolepose
