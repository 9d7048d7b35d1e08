// Something that must see every committed submission at the moment it commits (the live
// statistics behind the dashboards). The submission queue's writer thread holds the observer's
// lock around each batch's commit and the OnCommitted call after it, so an observer that takes
// the same lock sees the store and its own state change together.
#ifndef TESSERA_ENGINE_COMMIT_OBSERVER_H_
#define TESSERA_ENGINE_COMMIT_OBSERVER_H_

#include <mutex>
#include <vector>

#include "engine/records.h"
#include "instruments/status.h"

namespace tessera::engine {

class CommitObserver {
 public:
  virtual ~CommitObserver() = default;
  // Locked by the writer from before a batch's commit until after OnCommitted returns.
  virtual std::mutex& commit_mutex() = 0;
  // Called with commit_mutex() held: the batch and one Status per submission (ok = stored).
  virtual void OnCommitted(const std::vector<Submission>& batch,
                           const std::vector<Status>& results) = 0;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_COMMIT_OBSERVER_H_
