#pragma once
// The gait dock (Analysis > Gait): heel strikes and toe offs detected from the insoles' load
// (docs/GAIT.md) drawn as read-only marker tracks on the timeline (label edits snap to them), the
// steps table (a click moves the cursor to the heel strike), the phase of each foot at the cursor,
// the session and per-label summary, one chart at a time (load with stance phases, stance curves,
// butterfly, centre of pressure per step, peak-pressure maps, region loads, per-action bars), the
// detection threshold and the region mask's bounds as editable settings, saving the events into
// the session (gait_events.json) and export (steps.csv, summary.json, PNG charts, report.pdf).
// Errors go to the window's showError.
#include "insolepose/analysis/Gait.h"
#include "insolepose/analysis/PressureMaps.h"

#include <QObject>
#include <QPointer>

#include <array>
#include <memory>
#include <optional>

class QComboBox;
class QDockWidget;
class QDoubleSpinBox;
class QLabel;
class QTableWidget;
class QWidget;

namespace insolepose {

class ActionRegistry;
class SkeletonView;
class StudioWindow;

class GaitDock : public QObject {
    Q_OBJECT
public:
    explicit GaitDock(StudioWindow& window);
    ~GaitDock() override;
    /// Adds this part's rows to the studio's action table (called once, from StudioWindow).
    void defineActions(ActionRegistry& registry);

    QDockWidget* dock() const { return m_dock; }
    /// The analysis of the open session (nullptr without one).
    const analysis::GaitAnalysis* analysis() const { return m_gait.get(); }
    QTableWidget* stepsTable() const { return m_steps; }
    QComboBox* chartBox() const { return m_chartBox; }
    QString summaryText() const;
    /// Event times per marker track last given to the timeline (left/right heel strike/toe off).
    std::size_t markerCount() const { return m_markerCount; }
    QString phaseText() const;
    /// Reanalyses with a new contact threshold (fraction of the local load range).
    void setThreshold(double fraction);
    /// Writes the events into the open session's folder; false (reported) on failure.
    bool saveEvents();
    /// Writes steps.csv, summary.json, charts and report.pdf into `dir`; false (reported) on failure.
    bool exportTo(const QString& dir);

Q_SIGNALS:
    /// The analysis was redone (new session, threshold or region bounds).
    void updated();

private:
    void buildDock();
    void reanalyse();
    void fillSteps();
    void showChart();
    void showCursor();
    void publishMarkers();
    void setFootContacts(const std::optional<std::array<bool, 2>>& contacts);

    StudioWindow& m_window;
    QDockWidget* m_dock = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_phase = nullptr;
    QTableWidget* m_steps = nullptr;
    QComboBox* m_chartBox = nullptr;
    QWidget* m_chart = nullptr;
    QDoubleSpinBox* m_threshold = nullptr;
    QDoubleSpinBox* m_bounds[3] = {};
    analysis::GaitOptions m_options;
    analysis::RegionBounds m_regionBounds;
    std::unique_ptr<analysis::GaitAnalysis> m_gait;
    std::size_t m_markerCount = 0;
    QPointer<SkeletonView> m_views[2]; ///< Ground truth and prediction rows (contact on the feet).
};

} // namespace insolepose
