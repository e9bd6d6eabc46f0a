#pragma once
// Review mode: opens session folders (File > Open, recent sessions, drops, the command line),
// keeps the recent list, answers the playback clock's questions about the streams, and shows the
// session at the cursor: both pressure maps with the centre-of-pressure trail, the ground truth
// and the prediction (overlay, joints coloured by error), the video, the timeline and its curves.
#include "PlaybackClock.h"
#include "insolepose/Labels.h"
#include "insolepose/widgets/TimelineWidget.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace insolepose {

class KeypointStream;
class Session;
class StudioPanels;

/// Holds the open session and draws it at the clock's cursor. A folder that cannot be opened
/// leaves the current session open and is reported through errorOccurred.
class ReviewController : public QObject, public PlaybackStreams {
    Q_OBJECT
public:
    ReviewController(StudioPanels& panels, PlaybackClock& clock, QObject* parent = nullptr);
    ~ReviewController() override;

    /// Opens a session; on failure keeps the current one, reports the error and returns false.
    /// Also false when the replace question (if set) says no.
    bool openSession(const QString& folder);
    /// Asked once a folder has been read, before it replaces what is shown (e.g. live mode asks
    /// whether to end); false keeps everything as it is.
    void setReplaceQuestion(std::function<bool(const QString& folder)> ask) { m_mayReplace = std::move(ask); }
    const Session* session() const { return m_session.get(); }
    /// Moves a stream of the open session to `offset_ns` in memory (Session::setSyncOffset) and
    /// redraws at the cursor; writes nothing. False without a session or such a stream.
    bool setSyncOffset(const std::string& stream, TimeNs offset_ns);

    /// The streams a frame step can move along in this session, with their names.
    std::vector<std::pair<QString, StepTarget>> stepTargets() const;
    /// The label segment under `t_ns` (the last track that has one).
    std::optional<std::pair<TimeNs, TimeNs>> labelRangeAt(TimeNs t_ns) const;
    /// The label document the studio edits (LabelEditor's; not owned): labels are answered from it
    /// instead of the session as read, and the timeline's tracks are set by its owner.
    void setLabelTracks(const std::vector<LabelTrack>* tracks) { m_labelTracks = tracks; }

    /// The predictions shown in the prediction row, the error curve and frame steps: the model
    /// named (the first stored when the session has none of that name); nullptr when none.
    const KeypointStream* shownPrediction() const;
    void setShownPrediction(const std::string& model);
    /// Curves drawn after the load and error curves (the comparison's difference curve).
    void setExtraCurves(std::vector<TimelineWidget::Curve> curves);
    const std::vector<TimelineWidget::Curve>& extraCurves() const { return m_extraCurves; }

    void setOverlay(bool on);
    void setErrorColouring(bool on);
    /// Back from live mode: the session's video, captions and the view at the cursor.
    void restoreReviewView();
    /// Panel frames drawn so far (for the playback frame rate).
    qint64 framesShown() const { return m_framesShown; }

    /// Puts `folder` first in the recent sessions (QSettings "recent", at most 8), unless the
    /// list is left alone (setKeepsRecent(false): a --screenshot run pictures sessions the user
    /// did not open).
    void addRecent(const QString& folder);
    void setKeepsRecent(bool keeps) { m_keepsRecent = keeps; }
    static QStringList recentSessions();

    // PlaybackStreams.
    std::size_t sampleCount(StepTarget target) const override;
    TimeNs sampleTime(StepTarget target, std::size_t i) const override;
    std::vector<TimeNs> labelStarts_ns() const override;

Q_SIGNALS:
    /// Before an opened session replaces the current one (live mode ends, playback stops).
    void aboutToReplaceSession();
    void sessionOpened(const QString& folder);
    void recentChanged();
    void errorOccurred(const QString& title, const QString& message);
    void statusMessage(const QString& message, int timeout_ms);

private:
    void showAt(TimeNs t_ns);
    void computeCurves();
    void updatePredictionCaption();

    StudioPanels& m_panels;
    PlaybackClock& m_clock;
    const std::vector<LabelTrack>& labelTracks() const;

    std::unique_ptr<Session> m_session;
    bool m_keepsRecent = true;
    const std::vector<LabelTrack>* m_labelTracks = nullptr;
    std::function<bool(const QString&)> m_mayReplace;
    bool m_overlay = false;
    bool m_errorColours = false;
    std::string m_shownPrediction;
    std::vector<TimelineWidget::Curve> m_extraCurves;
    std::vector<TimelineWidget::Curve> m_loadCurves; ///< Computed once per session.
    TimelineWidget::Curve m_errorCurve; ///< Of m_errorCurveOf, computed once per shown model.
    const KeypointStream* m_errorCurveOf = nullptr;
    qint64 m_framesShown = 0;
};

} // namespace insolepose
