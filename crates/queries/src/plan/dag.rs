//! The PR dependency graph on petgraph: cycles, merge order, waves, workstreams and the
//! critical path.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use petgraph::graphmap::DiGraphMap;

use crate::plan::model::{Edge, PrLinks};

/// Where an edge came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum EdgeSource {
    /// A `Depends on` field in H.
    DependsOn,
    /// Section I.
    Written,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Dag {
    /// The PRs defined in H, sorted.
    pub prs: Vec<u32>,
    /// Edges between defined PRs, `(from, to)`: `from` merges before `to`. Sorted, unique.
    pub edges: Vec<(u32, u32)>,
    /// Each edge's sources.
    pub sources: BTreeMap<(u32, u32), BTreeSet<EdgeSource>>,
    /// One cycle per strongly connected component that has one, as a closed walk
    /// (`[3, 5, 7]` means PR3 → PR5 → PR7 → PR3), starting at its smallest PR.
    pub cycles: Vec<Vec<u32>>,
    /// A topological merge order (smallest PR first among the ready ones); empty when the
    /// graph has a cycle.
    pub merge_order: Vec<u32>,
    /// PRs grouped by depth: every PR of wave k depends only on PRs of earlier waves, so a
    /// wave's PRs can proceed in parallel.
    pub waves: Vec<Vec<u32>>,
    /// Chains of PRs that one person or agent can take in sequence.
    pub workstreams: Vec<Vec<u32>>,
    /// The longest chain of dependencies (by number of PRs).
    pub critical_path: Vec<u32>,
}

impl Dag {
    pub(crate) fn parents(&self, pr: u32) -> impl Iterator<Item = u32> + '_ {
        self.edges.iter().filter(move |(_, to)| *to == pr).map(|(from, _)| *from)
    }

    /// Whether `ancestor` must merge before `pr` (a path leads from it to `pr`).
    pub(crate) fn precedes(&self, ancestor: u32, pr: u32) -> bool {
        let mut stack = vec![pr];
        let mut seen = BTreeSet::new();
        while let Some(node) = stack.pop() {
            for parent in self.parents(node) {
                if parent == ancestor {
                    return true;
                }
                if seen.insert(parent) {
                    stack.push(parent);
                }
            }
        }
        false
    }
}

pub(crate) fn build_dag(prs: &[PrLinks], written: &[Edge]) -> Dag {
    let defined: BTreeSet<u32> = prs.iter().map(|pr| pr.number).collect();
    let mut sources: BTreeMap<(u32, u32), BTreeSet<EdgeSource>> = BTreeMap::new();
    for pr in prs {
        for &dependency in pr.depends_on.iter().flatten() {
            if defined.contains(&dependency) && dependency != pr.number {
                sources.entry((dependency, pr.number)).or_default().insert(EdgeSource::DependsOn);
            }
        }
    }
    for edge in written {
        if defined.contains(&edge.from) && defined.contains(&edge.to) {
            sources.entry((edge.from, edge.to)).or_default().insert(EdgeSource::Written);
        }
    }
    let mut graph: DiGraphMap<u32, ()> = DiGraphMap::new();
    for &pr in &defined {
        graph.add_node(pr);
    }
    for &(from, to) in sources.keys() {
        graph.add_edge(from, to, ());
    }
    let mut dag = Dag {
        prs: defined.iter().copied().collect(),
        edges: sources.keys().copied().collect(),
        sources,
        ..Dag::default()
    };
    dag.cycles = cycles(&graph);
    if dag.cycles.is_empty() {
        dag.merge_order = merge_order(&graph, &dag.prs);
        dag.waves = waves(&dag);
        dag.workstreams = workstreams(&dag);
        dag.critical_path = critical_path(&dag);
    }
    dag
}

fn cycles(graph: &DiGraphMap<u32, ()>) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    for component in petgraph::algo::tarjan_scc(graph) {
        let members: BTreeSet<u32> = component.iter().copied().collect();
        let Some(&start) = members.iter().next() else { continue };
        if members.len() == 1 && !graph.contains_edge(start, start) {
            continue;
        }
        // A shortest cycle through the smallest member, by BFS inside the component.
        let mut previous: BTreeMap<u32, u32> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut closing = None;
        while let Some(node) = queue.pop_front() {
            let mut successors: Vec<u32> =
                graph.neighbors(node).filter(|next| members.contains(next)).collect();
            successors.sort_unstable();
            for next in successors {
                if next == start {
                    closing = Some(node);
                    break;
                }
                if let std::collections::btree_map::Entry::Vacant(entry) = previous.entry(next) {
                    entry.insert(node);
                    queue.push_back(next);
                }
            }
            if closing.is_some() {
                break;
            }
        }
        let mut walk = Vec::new();
        let mut node = closing.unwrap_or(start);
        while node != start {
            walk.push(node);
            node = previous.get(&node).copied().unwrap_or(start);
        }
        walk.push(start);
        walk.reverse();
        out.push(walk);
    }
    out.sort();
    out
}

fn merge_order(graph: &DiGraphMap<u32, ()>, prs: &[u32]) -> Vec<u32> {
    let mut incoming: BTreeMap<u32, usize> = prs
        .iter()
        .map(|&pr| (pr, graph.neighbors_directed(pr, petgraph::Direction::Incoming).count()))
        .collect();
    let mut ready: BinaryHeap<Reverse<u32>> =
        incoming.iter().filter(|(_, count)| **count == 0).map(|(pr, _)| Reverse(*pr)).collect();
    let mut order = Vec::with_capacity(prs.len());
    while let Some(Reverse(pr)) = ready.pop() {
        order.push(pr);
        for next in graph.neighbors(pr) {
            if let Some(count) = incoming.get_mut(&next) {
                *count -= 1;
                if *count == 0 {
                    ready.push(Reverse(next));
                }
            }
        }
    }
    order
}

fn depths(dag: &Dag) -> BTreeMap<u32, usize> {
    let mut depth: BTreeMap<u32, usize> = BTreeMap::new();
    for &pr in &dag.merge_order {
        let level = dag.parents(pr).filter_map(|parent| depth.get(&parent)).map(|d| d + 1).max().unwrap_or(0);
        depth.insert(pr, level);
    }
    depth
}

fn waves(dag: &Dag) -> Vec<Vec<u32>> {
    let mut waves: Vec<Vec<u32>> = Vec::new();
    for (pr, level) in depths(dag) {
        if waves.len() <= level {
            waves.resize(level + 1, Vec::new());
        }
        waves[level].push(pr);
    }
    waves
}

/// Chains: a PR continues the workstream of its smallest parent unless another child of
/// that parent already did; otherwise it starts a new workstream.
fn workstreams(dag: &Dag) -> Vec<Vec<u32>> {
    let mut streams: Vec<Vec<u32>> = Vec::new();
    let mut stream_of: BTreeMap<u32, usize> = BTreeMap::new();
    let mut continued: BTreeSet<u32> = BTreeSet::new();
    for &pr in &dag.merge_order {
        let mut parents: Vec<u32> = dag.parents(pr).collect();
        parents.sort_unstable();
        let reuse = parents.iter().find(|parent| {
            !continued.contains(parent)
                && stream_of.get(parent).is_some_and(|&stream| streams[stream].last() == Some(parent))
        });
        let stream = match reuse {
            Some(&parent) => {
                continued.insert(parent);
                stream_of[&parent]
            }
            None => {
                streams.push(Vec::new());
                streams.len() - 1
            }
        };
        streams[stream].push(pr);
        stream_of.insert(pr, stream);
    }
    streams
}

/// The longest path; among equally long ones, the one with the smallest PR numbers.
fn critical_path(dag: &Dag) -> Vec<u32> {
    let mut best: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for &pr in &dag.merge_order {
        let mut parents: Vec<u32> = dag.parents(pr).collect();
        parents.sort_unstable();
        let mut path: Vec<u32> = Vec::new();
        for parent in parents {
            let candidate = &best[&parent];
            if candidate.len() > path.len() || (candidate.len() == path.len() && candidate < &path) {
                path = candidate.clone();
            }
        }
        path.push(pr);
        best.insert(pr, path);
    }
    best.into_values().fold(Vec::new(), |longest, path| {
        if path.len() > longest.len() || (path.len() == longest.len() && path < longest) {
            path
        } else {
            longest
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pr(number: u32, depends_on: &[u32]) -> PrLinks {
        PrLinks { number, depends_on: Some(depends_on.to_vec()), has_contracts: false }
    }

    /// ```text
    /// PR0 ─► PR1 ─► PR3 ─► PR5
    ///  │            ▲
    ///  └──► PR2 ────┘
    ///        └────► PR4
    /// ```
    #[test]
    fn merge_order_waves_workstreams_and_critical_path() {
        let prs = [pr(0, &[]), pr(1, &[0]), pr(2, &[0]), pr(3, &[1, 2]), pr(4, &[2]), pr(5, &[3])];
        let dag = build_dag(&prs, &[]);
        assert!(dag.cycles.is_empty());
        assert_eq!(dag.merge_order, [0, 1, 2, 3, 4, 5]);
        assert_eq!(dag.waves, [vec![0], vec![1, 2], vec![3, 4], vec![5]]);
        assert_eq!(dag.workstreams, [vec![0, 1, 3, 5], vec![2, 4]]);
        assert_eq!(dag.critical_path, [0, 1, 3, 5]);
        assert!(dag.precedes(0, 5));
        assert!(!dag.precedes(4, 5));
    }

    #[test]
    fn independent_prs_are_separate_workstreams() {
        let prs = [pr(0, &[]), pr(1, &[]), pr(2, &[1]), pr(3, &[])];
        let dag = build_dag(&prs, &[]);
        assert_eq!(dag.merge_order, [0, 1, 2, 3]);
        assert_eq!(dag.waves, [vec![0, 1, 3], vec![2]]);
        assert_eq!(dag.workstreams, [vec![0], vec![1, 2], vec![3]]);
        assert_eq!(dag.critical_path, [1, 2]);
    }

    #[test]
    fn a_planted_four_cycle_in_fifty_prs_is_named_exactly() {
        let mut prs: Vec<PrLinks> = (0..50).map(|n| pr(n, &[])).collect();
        for n in 1..50 {
            prs[n as usize].depends_on = Some(vec![n - 1]);
        }
        // PR20 → PR21 → PR22 → PR23 exists; close it: PR23 → PR20.
        prs[20].depends_on = Some(vec![19, 23]);
        let dag = build_dag(&prs, &[]);
        assert_eq!(dag.cycles, [vec![20, 21, 22, 23]]);
        assert!(dag.merge_order.is_empty());
    }

    #[test]
    fn written_edges_merge_with_depends_on() {
        let prs = [pr(0, &[]), pr(1, &[0]), pr(2, &[])];
        let written = [
            Edge { from: 0, to: 2, range: 0..0 },
            Edge { from: 0, to: 1, range: 0..0 },
            Edge { from: 0, to: 9, range: 0..0 },
        ];
        let dag = build_dag(&prs, &written);
        assert_eq!(dag.edges, [(0, 1), (0, 2)]);
        assert_eq!(dag.sources[&(0, 1)], BTreeSet::from([EdgeSource::DependsOn, EdgeSource::Written]));
    }
}
