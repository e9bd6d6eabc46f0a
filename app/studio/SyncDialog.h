#pragma once
// Analysis > Synchronise streams: nudge each stream's sync offset (ground truth, right insole,
// each camera) and watch the video, pressure and skeleton move against each other; or estimate the
// offsets automatically (interchange::estimateOffsets, docs/IMPORT.md). Changes move the loaded
// streams at once (ReviewController::setSyncOffset); OK writes them to session.json, Cancel puts
// the streams back where they were.
#include <QDialog>

#include <map>
#include <string>

class QDoubleSpinBox;
class QLabel;

namespace insolepose {

class ReviewController;

class SyncDialog : public QDialog {
    Q_OBJECT
public:
    explicit SyncDialog(ReviewController& review, QWidget* parent = nullptr);

    /// The offset shown for `stream` in milliseconds (for tests).
    double offset_ms(const std::string& stream) const;
    /// Sets `stream`'s offset and moves the loaded stream (nothing is written until OK).
    void setOffset_ms(const std::string& stream, double ms);
    /// Runs the automatic estimates and applies what they find; returns the status text.
    QString estimate();
    /// Writes the offsets to session.json and closes; stays open with the reason when it cannot.
    void accept() override;
    /// Puts every stream back at the offset it had when the dialog opened, and closes.
    void reject() override;

private:
    void addRow(const std::string& stream, const QString& label);

    ReviewController& m_review;
    std::map<std::string, QDoubleSpinBox*> m_spins;
    std::map<std::string, double> m_original_ms;
    QLabel* m_status = nullptr;
};

} // namespace insolepose
