#pragma once
// Analysis > Synchronise streams: nudge each stream's sync offset (ground truth, right insole,
// each camera) and watch the video, pressure and skeleton move against each other; or estimate the
// ground truth's offset from the pressure (interchange::estimateOffsets, docs/IMPORT.md). Every
// change is written to session.json at once and the session is reopened at the same cursor time.
#include <QDialog>

#include <map>
#include <string>

class QDoubleSpinBox;
class QLabel;

namespace insolepose {

class PlaybackClock;
class ReviewController;

class SyncDialog : public QDialog {
    Q_OBJECT
public:
    SyncDialog(ReviewController& review, PlaybackClock& clock, QWidget* parent = nullptr);

    /// The offset shown for `stream` in milliseconds (for tests).
    double offset_ms(const std::string& stream) const;
    /// Sets `stream`'s offset, writes it and reopens the session.
    void setOffset_ms(const std::string& stream, double ms);
    /// Runs the automatic estimate and applies what it finds; returns the status text.
    QString estimate();

private:
    void addRow(const std::string& stream, const QString& label);
    void apply();

    ReviewController& m_review;
    PlaybackClock& m_clock;
    std::map<std::string, QDoubleSpinBox*> m_spins;
    QLabel* m_status = nullptr;
    bool m_applying = false;
};

} // namespace insolepose
