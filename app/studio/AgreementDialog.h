#pragma once
// Labels > Agreement: two tracks of the open session compared (Cohen's kappa over frames,
// per-label precision / recall / F1 and segment agreement with a boundary tolerance) in a table,
// saved as CSV on request. Errors (no frames, a file that cannot be written) show in the dialog.
#include "insolepose/LabelAgreement.h"
#include "insolepose/Labels.h"

#include <QDialog>

#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace insolepose {

class Session;

class AgreementDialog : public QDialog {
    Q_OBJECT
public:
    /// Both are copied or referenced only while the dialog is open (it is modal).
    AgreementDialog(const Session& session, std::vector<LabelTrack> tracks, QWidget* parent = nullptr);

    /// Chooses the reference (A) and the other track (B) and recomputes.
    void setTracks(int reference, int other);
    void setTolerance_ms(int ms);
    const std::optional<AgreementResult>& result() const { return m_result; }
    QTableWidget* table() const { return m_table; }
    /// Writes the result as CSV; false (and the reason in the dialog) when it cannot.
    bool saveCsv(const QString& file);

private:
    void recompute();

    const Session& m_session;
    std::vector<LabelTrack> m_tracks;
    QComboBox* m_a = nullptr;
    QComboBox* m_b = nullptr;
    QSpinBox* m_tolerance = nullptr;
    QLabel* m_summary = nullptr;
    QTableWidget* m_table = nullptr;
    std::optional<AgreementResult> m_result;
};

} // namespace insolepose
