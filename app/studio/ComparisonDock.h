#pragma once
// The comparison dock (Analysis > Comparison): ground truth against one or two stored predictions
// over the session or the loop range: per-joint error bars (the paper's Figure 2 style, with the
// frame at the cursor), a table by body region, axis and action (MPJPE, PA-MPJPE), the worst
// frames (a click moves the cursor there), the model shown in the prediction row, a difference
// curve between two models on the timeline, and export (CSV, PNG charts, one-page PDF).
// The per-frame errors are computed off the UI thread; export errors go to the window's showError.
#include "insolepose/Time.h"
#include "insolepose/report/ComparisonReport.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

class QComboBox;
class QDockWidget;
class QLabel;
class QListWidget;
class QTableWidget;
class QWidget;

namespace insolepose {

class ActionRegistry;
class StudioWindow;

class ComparisonDock : public QObject {
    Q_OBJECT
public:
    explicit ComparisonDock(StudioWindow& window);
    ~ComparisonDock() override;
    /// Adds this part's rows to the studio's action table (called once, from StudioWindow).
    void defineActions(ActionRegistry& registry);

    QDockWidget* dock() const { return m_dock; }
    /// The stored predictions of the open session, in the session's order.
    QStringList models() const;
    /// Compares `primary` (shown in the prediction row) and, unless empty, `against`.
    void setModels(const QString& primary, const QString& against = {});
    /// True while the per-frame errors are being computed. They are computed while the dock is
    /// shown (a hidden dock catches up when it is shown, or on export).
    bool isBusy() const { return m_pending != m_applied; }
    /// What the dock shows now (nullptr before a comparison is ready).
    const report::ComparisonInput* input() const { return m_input.get(); }
    const report::ComparisonTables* tables() const { return m_tables.get(); }
    /// The range the statistics cover: the loop range, else the session.
    std::pair<TimeNs, TimeNs> scope() const;
    QTableWidget* table() const { return m_table; }
    QListWidget* worstList() const { return m_worst; }
    QString cursorText() const;
    /// Writes the comparison of the current scope into `dir`; false (reported) on failure.
    bool exportTo(const QString& dir);

Q_SIGNALS:
    /// The tables, chart and list were refreshed (new comparison, models, range).
    void updated();

private:
    struct Job;
    void buildDock();
    void sessionChanged();
    void modelsChosen();
    void submit();
    std::shared_ptr<Job> makeJob();
    void apply(std::shared_ptr<Job> job);
    void refresh();
    void fillTable();
    void fillWorst();
    void showCursor(TimeNs t_ns);
    void chooseExportFolder();
    std::optional<LabelTrack> currentLabels() const;

    StudioWindow& m_window;
    QDockWidget* m_dock = nullptr;
    QComboBox* m_primaryBox = nullptr;
    QComboBox* m_againstBox = nullptr;
    QLabel* m_scopeLabel = nullptr;
    QLabel* m_cursorLabel = nullptr;
    QWidget* m_chart = nullptr;
    QTableWidget* m_table = nullptr;
    QListWidget* m_worst = nullptr;
    std::unique_ptr<report::ComparisonInput> m_input;
    std::unique_ptr<report::ComparisonTables> m_tables;
    std::optional<std::size_t> m_cursorFrame; ///< Index into m_input->primary.frames.
    quint64 m_pending = 0; ///< Generation of the newest job submitted.
    quint64 m_applied = 0; ///< Generation of the comparison shown.
    bool m_stale = false; ///< The choices changed while the dock was hidden.
    struct Worker;
    std::unique_ptr<Worker> m_worker;
};

} // namespace insolepose
